"""The admin renames the office at /admin/kantor; the kiosk and the waiting-room display show
the new name (office settings live in the database, not in the process configuration)."""

from pathlib import Path

import pytest
from browser_support import LiveServer, log_in, shoot
from playwright.sync_api import expect

DESK = {"width": 1366, "height": 768}
SHOTS = Path("/work/shots/offices")


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The demo office on localhost (demo logins work without a password change)."""
    server = LiveServer(tmp_path_factory.mktemp("office"), demo=True).start()
    yield server
    server.stop()


def _shot(page, name: str) -> None:
    shoot(page, name)
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-1366x768.png"))


def test_admin_renames_the_office_and_kiosk_and_display_follow(browser, demo_server):
    context = browser.new_context(viewport=DESK)
    page = context.new_page()
    log_in(page, demo_server, "admin")
    page.goto(demo_server.url + "/admin")
    page.locator("[data-office-link]").click()
    expect(page.locator("[data-form=office]")).to_be_visible()
    page.get_by_label("Nama kantor").fill("Kantor Desa Mekarsari")
    page.get_by_label("Jam layanan").fill("mon-fri 00:00-24:00; sat,sun 00:00-24:00")
    page.get_by_role("button", name="Simpan pengaturan").click()
    expect(page.locator("[data-notice]")).to_contain_text("Pengaturan kantor disimpan")
    _shot(page, "office-settings")

    page.get_by_label("Zona waktu").fill("Mars/Olympus")
    page.get_by_role("button", name="Simpan pengaturan").click()
    expect(page.locator("[data-error]")).to_contain_text("Zona waktu 'Mars/Olympus' tidak dikenal")
    _shot(page, "office-settings-refused")

    kiosk = context.new_page()
    kiosk.goto(demo_server.url + "/")
    expect(kiosk.locator(".topbar-office")).to_have_text("Kantor Desa Mekarsari")
    display = context.new_page()
    display.goto(demo_server.url + "/display")
    expect(display.locator(".board-office")).to_have_text("Kantor Desa Mekarsari")
    context.close()
