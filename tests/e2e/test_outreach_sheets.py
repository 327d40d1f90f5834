"""Requirement sheets as an office prints them: every active service's sheet is one A4 page
at full type size (looked at in a print-media screenshot each), "Cetak semua" is one page per
service, and a home visit planned on the staff form appears on the printed schedule beside the
evening openings of the office hours. One server with a real office week, one page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browser_support import SCREENS, LiveServer, log_in, shoot
from playwright.sync_api import expect

DESK = {"width": 1366, "height": 768}
A4 = {"width": 794, "height": 1123}
HOURS = "mon-thu 08:00-15:00; fri 08:00-11:00,13:00-15:00; tue,thu 19:00-21:00"
FOURTEEN_PT_PX = 14 * 96 / 72


@pytest.fixture(scope="module")
def office_week_server(tmp_path_factory):
    """The demo office with real hours (evening service on Tuesday and Thursday)."""
    server = LiveServer(
        tmp_path_factory.mktemp("outreach"),
        demo=True,
        OFFICE_HOURS=HOURS,
        OFFICE_ADDRESS="Jl. Raya Sukamaju No. 1, Kec. Sukamaju",
    ).start()
    yield server
    server.stop()


def _open_printable(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => document.body.dataset.fitted === '1'")


def _pdf_pages(page) -> int:
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def _print_shot(page, name: str) -> None:
    """The page as printed: print media, A4 width, full height."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}-a4.png"), full_page=True)


def test_every_sheet_prints_on_one_page_and_a_planned_visit_reaches_the_schedule(
    browser, office_week_server
):
    server = office_week_server
    page = browser.new_context(viewport=DESK).new_page()
    log_in(page, server, "admin")
    page.goto(server.url + "/lembar")
    codes = page.locator("[data-service]").evaluate_all(
        "rows => rows.map(row => row.dataset.service)"
    )
    assert len(codes) >= 15
    shoot(page, "outreach-index")

    page.set_viewport_size(A4)
    for code in codes:
        _open_printable(page, f"{server.url}/lembar/{code}")
        sheet = page.locator(f"[data-sheet='{code}']")
        expect(sheet.locator("h1")).not_to_be_empty()
        # Full size: the shipped texts fit without the step-down for long edited ones.
        assert sheet.get_attribute("class") == "sheet", code
        size = sheet.locator(".paper-text").first.evaluate("e => getComputedStyle(e).fontSize")
        assert float(size.removesuffix("px")) >= FOURTEEN_PT_PX - 0.01, code
        page.emulate_media(media="print")
        assert _pdf_pages(page) == 1, code
        _print_shot(page, f"outreach-sheet-{code}")
        page.emulate_media(media="screen")

    _open_printable(page, server.url + "/lembar/semua")
    page.emulate_media(media="print")
    assert _pdf_pages(page) == len(codes)
    page.emulate_media(media="screen")

    page.set_viewport_size(DESK)
    page.goto(server.url + "/lembar")
    page.locator("[data-edit-schedule]").click()
    visit = dt.date.today() + dt.timedelta(days=5)
    page.get_by_label("Jenis").select_option("jemput_bola")
    page.get_by_label("Tanggal").fill(visit.isoformat())
    page.get_by_label("Jam mulai").fill("09:00")
    page.get_by_label("Jam selesai").fill("08:00")
    page.get_by_label("Tempat (dusun/RT atau nama tempat)").fill("Dusun Wetan RT 05")
    page.locator("input[name=layanan][value=akta-kelahiran]").check()
    page.locator("[data-add-session]").click()
    expect(page.locator("[data-error]")).to_contain_text("Jam selesai harus sesudah jam mulai.")
    page.get_by_label("Jam selesai").fill("12:00")
    page.locator("[data-add-session]").click()
    expect(page.locator("[data-notice]")).to_contain_text("Jadwal ditambahkan")
    expect(page.locator("[data-sessions]")).to_contain_text("Dusun Wetan RT 05")
    shoot(page, "outreach-schedule-edit")

    page.locator("[data-print-schedule]").click()
    page.wait_for_function("() => document.body.dataset.fitted === '1'")
    row = page.locator(f"[data-entry=jemput_bola][data-day='{visit.isoformat()}']")
    expect(row).to_contain_text("Dusun Wetan RT 05")
    expect(row).to_contain_text("Akta Kelahiran")
    assert page.locator("[data-from-hours]").count() >= 6  # Tuesday and Thursday evenings
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    assert _pdf_pages(page) == 1
    _print_shot(page, "outreach-schedule")
    page.context.close()
