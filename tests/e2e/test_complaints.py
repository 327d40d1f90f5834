"""Acceptance: an anonymous kiosk complaint "asked to pay" gets a code and a printed receipt;
its public page shows the state and, once staff answer, the answer, never the reporter; a
complaint naming an officer is hidden from that officer and shown to the kepala."""

import re

from browser_support import LANDSCAPE, PORTRAIT, SCREENS, log_in, shoot
from playwright.sync_api import expect

DESK = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def kiosk_complaint(page, server, category_path: str, story: str, officer: str = "") -> str:
    """Through the kiosk's screens to the code; the code shown."""
    page.goto(server.url + category_path)
    expect(page.locator("[data-screen=report-details]")).to_be_visible()
    page.locator("[data-field=cerita]").fill(story)
    if officer:
        page.locator("[data-field=petugas]").fill(officer)
    page.locator("[data-report-next]").tap()
    expect(page.locator("[data-screen=report-confirm]")).to_be_visible()
    page.locator("[data-report-send]").tap()
    expect(page.locator("[data-screen=report-done]")).to_be_visible()
    return page.locator("[data-complaint-code]").inner_text()


def test_kiosk_complaint_status_answer_and_hidden_from_the_named_officer(browser, demo_server):
    server = demo_server
    kiosk = server.kiosk_context(browser, viewport=PORTRAIT, has_touch=True).new_page()
    kiosk.goto(server.url + "/")
    kiosk.locator("[data-report]").tap()
    expect(kiosk.locator("[data-question]")).to_have_text("Apakah Anda diminta membayar?")
    expect(kiosk.locator("[data-report-safe]")).to_contain_text("GRATIS")
    shoot(kiosk, "complaint-kiosk-start")
    kiosk.locator("[data-asked-to-pay=ya]").tap()
    expect(kiosk.locator("[data-screen=report-details]")).to_be_visible()
    kiosk.locator("[data-field=cerita]").fill("Diminta Rp50.000 agar KK cepat jadi")
    shoot(kiosk, "complaint-kiosk-details")
    kiosk.locator("[data-report-next]").tap()
    expect(kiosk.locator("[data-report-summary]")).to_contain_text("tanpa nama")
    shoot(kiosk, "complaint-kiosk-confirm")
    kiosk.locator("[data-report-send]").tap()
    expect(kiosk.locator("[data-print-status=printed]")).to_be_visible()
    code = kiosk.locator("[data-complaint-code]").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}", code)
    shoot(kiosk, "complaint-kiosk-done")
    assert code.encode() in (server.root / "printer.bin").read_bytes()
    (preview,) = server.receipts.glob(f"*-complaint-{code}-*.png")
    shoot_receipt(preview)

    kiosk.set_viewport_size(LANDSCAPE)
    kiosk.goto(server.url + "/lapor")
    expect(kiosk.locator("[data-asked-to-pay=tidak]")).to_be_visible()
    shoot(kiosk, "complaint-kiosk-start")
    kiosk.locator("[data-asked-to-pay=tidak]").tap()
    expect(kiosk.locator("[data-category=pelayanan_lambat]")).to_be_visible()
    shoot(kiosk, "complaint-kiosk-category")

    phone = browser.new_context(viewport=PHONE).new_page()
    phone.goto(f"{server.url}/s/{code}")
    expect(phone.locator("[data-complaint-state=baru]")).to_be_visible()
    expect(phone.locator("[data-complaint-category]")).to_have_text("Diminta membayar (pungli)")
    expect(phone.locator("[data-complaint-answer]")).to_have_count(0)

    kepala = browser.new_context(viewport=DESK).new_page()
    log_in(kepala, server, "kepala")
    kepala.goto(server.url + "/pengaduan")
    expect(kepala.locator(f"[data-complaint-row='{code}']")).to_be_visible()
    shoot(kepala, "complaint-desk-list")
    kepala.locator(f"[data-complaint-row='{code}'] a").click()
    kepala.get_by_label("Jawaban untuk warga (tampil di halaman status)").fill(
        "Petugas sudah ditegur dan uang dikembalikan. Semua layanan GRATIS."
    )
    kepala.locator("[data-save-answer]").click()
    expect(kepala.locator("[data-notice]")).to_contain_text("Jawaban disimpan")
    shoot(kepala, "complaint-desk-detail")

    phone.reload()
    expect(phone.locator("[data-complaint-answer]")).to_contain_text("uang dikembalikan")
    expect(phone.locator("[data-complaint-state=dijawab]")).to_be_visible()
    assert "Diminta Rp50.000" not in phone.content()  # the citizen's story stays at the office
    shoot(phone, "complaint-status-phone")

    # About petugas1, named by the counter the citizen saw (Loket 1).
    kiosk.set_viewport_size(PORTRAIT)
    named = kiosk_complaint(kiosk, server, "/lapor/isi?kategori=petugas", "Kasar", "Loket 1")
    kepala.goto(server.url + "/pengaduan")
    row = kepala.locator(f"[data-complaint-row='{named}']")
    expect(row.locator("[data-about-officer]")).to_be_visible()
    detail_url = row.locator("a").get_attribute("href")
    petugas = browser.new_context(viewport=DESK).new_page()
    log_in(petugas, server, "petugas1")
    petugas.goto(server.url + "/pengaduan")
    expect(petugas.locator(f"[data-complaint-row='{code}']")).to_be_visible()
    expect(petugas.locator(f"[data-complaint-row='{named}']")).to_have_count(0)
    assert petugas.goto(server.url + detail_url).status == 404
    for page in (kiosk, phone, kepala, petugas):
        page.context.close()


def shoot_receipt(preview) -> None:
    """Keep the receipt's PNG preview beside the screenshots."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    (SCREENS / "complaint-receipt.png").write_bytes(preview.read_bytes())
