"""Which devices may issue and print, as people do it: the admin pairs a kiosk with a one-time
code and allows phone tickets; a phone on the office Wi-Fi gets its number on screen, never on
paper, and every phone screen (360–430 px) fits its width with the number on one line."""

from __future__ import annotations

from pathlib import Path

from browser_support import PORTRAIT, log_in, shoot
from playwright.sync_api import expect

SHOTS = Path("/work/shots/devices")
DESK = {"width": 1366, "height": 768}
PHONES = (
    {"width": 390, "height": 844},
    {"width": 360, "height": 740},
    {"width": 430, "height": 932},
)

# Elements of the screen that stick out on the right, and whether the page scrolls sideways.
OVERFLOW = """() => {
  const root = document.documentElement;
  const limit = root.clientWidth;
  const wide = [...document.querySelectorAll("#screen *")]
    .filter(el => el.getClientRects().length)
    .filter(el => el.getBoundingClientRect().right > limit + 0.5)
    .map(el => el.className.baseVal ?? el.className);
  return {scrolls: root.scrollWidth > root.clientWidth, wide};
}"""


def _shot(page, name: str) -> None:
    path = shoot(page, name)
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        (SHOTS / path.name).write_bytes(path.read_bytes())


def _fits(page, where: str) -> None:
    found = page.evaluate(OVERFLOW)
    assert not found["scrolls"] and not found["wide"], f"{where} overflows: {found}"


def _one_line(page, selector: str) -> None:
    number = page.locator(selector).first
    line = number.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
    assert number.bounding_box()["height"] < 1.5 * line, f"{selector} wraps"


def _set_phone_tickets(admin, server, allowed: bool) -> None:
    admin.goto(server.url + "/admin/kantor")
    box = admin.get_by_label("Ponsel warga boleh mengambil nomor", exact=False)
    box.set_checked(allowed)
    admin.get_by_role("button", name="Simpan pengaturan").click()
    expect(admin.locator("[data-notice]")).to_contain_text("Pengaturan kantor disimpan")


def _printed(server) -> int:
    """Receipts the server's printer received (the demo writes a PNG preview of each)."""
    receipts = server.root / "receipts"
    return len(list(receipts.glob("*.png"))) if receipts.is_dir() else 0


def test_paired_kiosk_prints_and_a_phone_gets_its_number_on_screen(browser, demo_server):
    server = demo_server
    admin_context = browser.new_context(viewport=DESK)
    admin = admin_context.new_page()
    log_in(admin, server, "admin")
    _set_phone_tickets(admin, server, False)

    # The admin adds a kiosk; the kiosk screen types the one-time code.
    admin.goto(server.url + "/admin")
    admin.locator("[data-devices-link]").click()
    admin.get_by_label("Nama kios").fill("Kios depan")
    admin.get_by_role("button", name="Tambah kios dan buat kode").click()
    code = admin.locator("[data-pairing-code] [data-code]").inner_text()
    _shot(admin, "admin-devices")
    kiosk_context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    kiosk = kiosk_context.new_page()
    kiosk.goto(server.url + "/kios/pasang")
    kiosk.get_by_label("Ketik kode pasang").fill(code.lower())
    _shot(kiosk, "kiosk-pairing")
    kiosk.get_by_role("button", name="Pasang").click()
    expect(kiosk.locator("[data-screen=home]")).to_be_visible()
    admin.reload()
    # Other kiosks of the shared demo server (paired by earlier tests) are listed too.
    paired = admin.locator("tr[data-device-state=paired]").filter(has_text="Kios depan")
    expect(paired).to_have_count(1)

    # The paired kiosk prints.
    before = _printed(server)
    kiosk.goto(server.url + "/layanan/sktm")
    kiosk.locator("[data-take-number]").tap()
    kiosk.locator("[data-take-number]").tap()  # "Tetap Ambil Nomor" after the warning
    expect(kiosk.locator("[data-print-status=printed]")).to_be_visible()
    assert _printed(server) == before + 1

    # A phone while phone tickets are off: no way to a number, no link into the kiosk.
    phone_context = browser.new_context(viewport=PHONES[0], has_touch=True, is_mobile=True)
    phone = phone_context.new_page()
    for size in PHONES[:2]:
        phone.set_viewport_size(size)
        phone.goto(server.url + "/")
        expect(phone.locator("[data-screen=kiosk-only]")).to_contain_text(
            "Nomor antrean diambil di kios kantor desa"
        )
        _fits(phone, "not allowed")
        _shot(phone, "phone-not-allowed")
    status_url = kiosk.locator("[data-screen=ticket]").get_attribute("data-tracking")
    phone.goto(f"{server.url}/s/{status_url}")
    expect(phone.locator("[data-screen=status]")).to_be_visible()
    expect(phone.locator("[data-home]")).to_have_count(0)

    # Phone tickets on: the number on the phone, large, with its QR; nothing printed.
    _set_phone_tickets(admin, server, True)
    try:
        for size in PHONES:
            phone.set_viewport_size(size)
            phone.goto(server.url + "/")
            expect(phone.locator("[data-screen=home]")).to_be_visible()
            _fits(phone, f"home {size}")
            phone.goto(server.url + "/layanan/kis")
            _fits(phone, f"service {size}")
            for label in phone.locator("label.req-bring").all():
                label.tap()
            phone.locator("[data-take-number]").tap()
            ticket = phone.locator("[data-screen=ticket]")
            expect(ticket.locator("[data-phone-ticket]")).to_contain_text(
                "Simpan/foto layar ini; tidak ada struk"
            )
            expect(ticket).not_to_contain_text("ambil struk")
            expect(ticket.locator("[data-phone-ticket] [data-number-qr]")).to_be_visible()
            _one_line(phone, "[data-ticket-number]")
            _one_line(phone, ".fallback-number")
            _fits(phone, f"phone ticket {size}")
            _shot(phone, "phone-ticket")
            phone.goto(f"{server.url}/s/{ticket.get_attribute('data-tracking')}")
            expect(phone.locator("[data-screen=status]")).to_be_visible()
            expect(phone.locator("[data-home]")).to_have_count(0)
            _one_line(phone, "[data-screen=status] .ticket-number")
            _fits(phone, f"status {size}")
            _shot(phone, "phone-status")
        assert _printed(server) == before + 1
    finally:
        _set_phone_tickets(admin, server, False)
    for context in (admin_context, kiosk_context, phone_context):
        context.close()
