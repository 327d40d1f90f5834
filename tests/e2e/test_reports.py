"""Acceptance: the kepala desa logs in and lands on /laporan, filters by a service, downloads a
table as CSV and as XLSX through the page's links and reads them back equal to the page, then
opens the monthly report, which prints on A4 with the office letterhead."""

import csv
import io
import re
import shutil
from pathlib import Path

from browser_support import SCREENS, log_in, shoot
from openpyxl import load_workbook
from playwright.sync_api import expect

DESK = {"width": 1366, "height": 768}
A4 = {"width": 794, "height": 1123}
SHOTS = Path("/work/shots/reports")


def keep(path: Path) -> None:
    """A copy for the person reviewing the screens, when that folder exists."""
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)


def page_rows(page, key: str) -> list[list[str]]:
    return page.locator(f"[data-table='{key}'] tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.dataset.value))"
    )


def download(page, selector: str) -> bytes:
    with page.expect_download() as info:
        page.locator(selector).click()
    return Path(info.value.path()).read_bytes()


def test_kepala_filters_downloads_and_prints_the_monthly_report(browser, demo_server):
    server = demo_server
    page = browser.new_context(viewport=DESK, accept_downloads=True).new_page()
    log_in(page, server, "kepala")
    expect(page).to_have_url(re.compile(r"/laporan$"))  # the kepala's home
    expect(page.locator("[data-section=tahap-berkas] .report-chart svg")).to_be_visible()
    expect(page.locator("[data-headline-value=lewat_batas]")).not_to_have_text("0")
    keep(shoot(page, "reports-desk"))

    page.locator("[data-service-filter]").select_option("kk-baru")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page).to_have_url(re.compile(r"layanan=kk-baru"))
    rows = page_rows(page, "tenggat")
    assert len(rows) == 2 and rows[-1][0] == "Jumlah"  # one service and the total

    table = list(
        csv.reader(io.StringIO(download(page, "[data-download='tenggat.csv']").decode("utf-8-sig")))
    )
    assert table[1:] == rows
    book = load_workbook(io.BytesIO(download(page, "[data-download='tenggat.xlsx']")))
    sheet = book["tenggat"]
    values = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert [[str(v) if v is not None else "" for v in row] for row in values] == rows
    assert sheet["A3"].font.bold

    page.locator("[data-monthly-link]").click()
    expect(page.locator("[data-letterhead]")).to_contain_text("PEMERINTAH KABUPATEN CONTOH")
    expect(page.locator("[data-signature]")).to_contain_text("Bambang Sutejo")
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    SCREENS.mkdir(parents=True, exist_ok=True)
    shot = SCREENS / "reports-monthly-a4.png"
    page.screenshot(path=str(shot), full_page=True)
    keep(shot)
    expect(page.locator(".print-actions")).to_be_hidden()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    (SCREENS / "reports-monthly.pdf").write_bytes(pdf)
    keep(SCREENS / "reports-monthly.pdf")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 2
