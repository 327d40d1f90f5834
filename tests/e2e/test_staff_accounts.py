"""Staff accounts in the browser, with the server listening on the LAN (0.0.0.0) as `make run`:
demo accounts must choose a new password first; a disabled officer's console logs out."""

import pytest
from browser_support import LiveServer, log_in, shoot
from playwright.sync_api import expect

LAPTOP = {"width": 1366, "height": 768}
DEMO_PASSWORD = "satupintu"


@pytest.fixture(scope="module")
def lan_server(tmp_path_factory):
    """The demo office served on every interface."""
    server = LiveServer(tmp_path_factory.mktemp("lan"), demo=True, host="0.0.0.0").start()
    yield server
    server.stop()


def choose_password(page, current: str, new: str) -> None:
    """Fill and send the change-password form."""
    page.get_by_label("Kata sandi saat ini").fill(current)
    page.get_by_label("Kata sandi baru", exact=True).fill(new)
    page.get_by_label("Ulangi kata sandi baru").fill(new)
    page.get_by_role("button", name="Simpan kata sandi baru").click()


def test_demo_account_on_the_lan_must_change_its_password(browser, lan_server):
    context = browser.new_context(viewport=LAPTOP, ignore_https_errors=True)
    page = context.new_page()
    log_in(page, lan_server, "petugas1", DEMO_PASSWORD)
    expect(page).to_have_url(lan_server.url + "/akun/kata-sandi")
    expect(page.locator("[data-forced]")).to_be_visible()
    shoot(page, "staff-forced-password-change")
    page.goto(lan_server.url + "/loket")  # cannot leave the page before changing
    expect(page).to_have_url(lan_server.url + "/akun/kata-sandi")
    choose_password(page, DEMO_PASSWORD, "password123")
    expect(page.locator("[data-error]")).to_contain_text("terlalu umum")
    choose_password(page, DEMO_PASSWORD, "teh-manis-loket-satu")
    expect(page).to_have_url(lan_server.url + "/loket/1")
    context.close()


def test_disabled_officers_console_is_logged_out_at_its_next_poll(browser, lan_server):
    officer = browser.new_context(viewport=LAPTOP, ignore_https_errors=True)
    console = officer.new_page()
    log_in(console, lan_server, "petugas2", DEMO_PASSWORD)
    choose_password(console, DEMO_PASSWORD, "kopi-hitam-loket-dua")
    expect(console).to_have_url(lan_server.url + "/loket/2")

    admin = browser.new_context(viewport=LAPTOP, ignore_https_errors=True)
    page = admin.new_page()
    log_in(page, lan_server, "admin", DEMO_PASSWORD)
    choose_password(page, DEMO_PASSWORD, "admin-desa-sukamaju-7")
    page.goto(lan_server.url + "/admin/akun")
    row = page.locator("[data-account=petugas2]")
    row.get_by_role("button", name="Nonaktifkan").click()
    expect(page.locator("[data-notice]")).to_contain_text("petugas2 dinonaktifkan")
    shoot(page, "staff-accounts")
    page.goto(lan_server.url + "/admin/audit")
    expect(page.get_by_text("petugas2").first).to_be_visible()
    shoot(page, "staff-audit")

    # The waiting list polls every 3 s: its next poll moves the console to the login page.
    expect(console).to_have_url(lan_server.url + "/masuk?next=/loket/2", timeout=10_000)
    officer.close()
    admin.close()
