"""Printers per place, as the office sees them: a dead printer shows on the console and the
admin page within seconds; a failed receipt is reprinted from the console once the printer is
back; a file receipt prints at the officer's counter; the kiosk offers a staff printer."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import LANDSCAPE, PORTRAIT, LiveServer, free_port, log_in, shoot
from playwright.sync_api import expect

LAPTOP = {"width": 1366, "height": 768}
FAULT_SHOWN_MS = 5000  # the acceptance: a fault is on the staff screens within 5 s
APPLICANT = {"nik": "3201014501900003", "name": "Dewi Lestari", "address": "Kampung Cibodas"}


@pytest.fixture(scope="module")
def printer_server(tmp_path_factory):
    """The demo office (Loket 1-4, petugas1 at Loket 1) printing its kiosk receipts to a file."""
    server = LiveServer(tmp_path_factory.mktemp("printers"), demo=True).start()
    yield server
    server.stop()


def printed_bytes(page, key: str, path: Path) -> bytes:
    """The bytes a file receipt wrote to printer `key`'s file, once the print worker is done
    with it: the strip, loaded fresh after the job was made, shows nothing left waiting there
    (it polls itself every 2 s), so the job is printed (or failed, and the bytes say so)."""
    page.reload()
    row = page.locator(f"#printer-strip [data-printer='{key}']")
    expect(row).to_be_visible()
    expect(row.locator("[data-printer-waiting]")).to_have_count(0, timeout=10_000)
    return path.read_bytes() if path.exists() else b""


def strip_printer(page, key: str, state: str):
    return page.locator(f"#printer-strip [data-printer='{key}'][data-printer-state='{state}']")


def set_office_printer(page, server, label: str, url: str) -> None:
    page.goto(server.url + "/admin/kantor")
    page.get_by_label(label).fill(url)
    page.get_by_role("button", name="Simpan pengaturan").click()
    expect(page.locator("[data-notice]")).to_be_visible()


def test_printer_faults_reprints_and_places(browser, printer_server):
    server = printer_server
    counter_file = server.root / "loket1" / "printer.bin"  # its folder is missing: unplugged
    kiosk_file = server.root / "printer.bin"
    admin = browser.new_context(viewport=LAPTOP).new_page()
    log_in(admin, server, "admin")
    set_office_printer(admin, server, "Printer meja layanan", f"tcp://127.0.0.1:{free_port()}")
    admin.goto(server.url + "/admin")
    admin.locator("[data-counter-name='Loket 1'] input[name=printer]").fill(f"file:{counter_file}")
    admin.locator("[data-counter-name='Loket 1'] button").click()
    expect(admin.locator("[data-notice]")).to_contain_text("Printer Loket 1 disimpan.")
    expect(strip_printer(admin, "desk", "offline")).to_be_visible(timeout=FAULT_SHOWN_MS)
    expect(strip_printer(admin, "counter-1", "offline")).to_contain_text("Tidak tersambung")
    expect(admin.locator("#printer-strip.printer-strip-bad")).to_be_visible()
    shoot(admin, "admin-printer-fault")

    # The console: a number for a citizen at the desk prints at Loket 1, which is unplugged.
    console = browser.new_context(viewport=LAPTOP).new_page()
    log_in(console, server, "petugas1")
    expect(console).to_have_url(server.url + "/loket/1")
    expect(strip_printer(console, "counter-1", "offline")).to_be_visible(timeout=FAULT_SHOWN_MS)
    console.locator("[data-form=desk-ticket] select[name=service]").select_option("ktp-baru")
    console.locator("[data-form=desk-ticket] button").click()
    expect(console.locator("[data-notice]")).to_contain_text("dikirim ke printer Loket 1")
    failed = console.locator("#printer-strip [data-printer='counter-1'] [data-printer-failed]")
    expect(failed).to_have_text("1 gagal hari ini")
    console.locator("h1").scroll_into_view_if_needed()
    shoot(console, "console-printer-fault")

    counter_file.parent.mkdir()  # plugged back in
    expect(strip_printer(console, "counter-1", "online")).to_be_visible(timeout=FAULT_SHOWN_MS)
    console.locator("#printer-strip [data-reprint-job]").click()
    expect(console.locator("#printer-strip [data-notice]")).to_contain_text("printer Loket 1")
    expect(failed).to_have_count(0)  # gone once the reprint has printed
    assert counter_file.read_bytes()

    # A file taken in at Loket 1: its receipt prints at Loket 1, not at the kiosk.
    console.locator("[data-action=call-next]").click()
    console.locator("[data-action=start]").click()
    intake = console.locator("[data-action=intake]").get_attribute("href")
    code = intake.rsplit("/", 1)[1]
    kiosk_before = kiosk_file.read_bytes() if kiosk_file.exists() else b""
    counter_file.write_bytes(b"")
    token = console.request.post(
        server.url + "/api/v1/auth/token", data={"username": "petugas1", "password": "satupintu"}
    ).json()["token"]
    accepted = console.request.post(
        server.url + "/api/v1/files",
        headers={"Authorization": f"Bearer {token}"},
        data={"tracking_code": code, "applicant": APPLICANT},
    )
    assert accepted.status == 201, accepted.text()
    printed = printed_bytes(console, "counter-1", counter_file)
    assert code.replace("-", "").encode() in printed.replace(b"-", b"")
    assert (kiosk_file.read_bytes() if kiosk_file.exists() else b"") == kiosk_before

    # The kiosk printer dies: the citizen sees the number large and can print at Loket 1.
    set_office_printer(admin, server, "Printer kios", f"tcp://127.0.0.1:{free_port()}")
    kiosk = server.kiosk_context(browser, viewport=PORTRAIT, has_touch=True).new_page()
    kiosk.goto(server.url + "/layanan/sktm")
    for label in kiosk.locator("label.req-bring").all():
        label.tap()
    kiosk.locator("[data-take-number]").tap()
    expect(kiosk.locator("[data-printer-failed]")).to_be_visible()
    expect(kiosk.locator("[data-print-at-desk]")).to_be_visible()
    shoot(kiosk, "kiosk-printer-fallback")
    kiosk.set_viewport_size(LANDSCAPE)
    shoot(kiosk, "kiosk-printer-fallback")
    counter_file.write_bytes(b"")
    kiosk.locator("[data-print-at-desk]").tap()
    expect(kiosk.locator("[data-printed-at]")).to_contain_text("printer Loket 1")  # printed
    assert counter_file.read_bytes()
    shoot(kiosk, "kiosk-printed-at-desk")
    for page in (admin, console, kiosk):
        page.context.close()
