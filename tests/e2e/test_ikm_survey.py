"""Acceptance (issue 14, IKM): a ticket finished at the counter is offered on the kiosk home,
nine faces are tapped, thank you; /laporan/ikm shows the index and grade a hand calculation in
this test makes over the seeded answers plus this one; the same ticket cannot rate twice."""

import datetime as dt
import sqlite3
import zoneinfo

from browser_support import LANDSCAPE, PORTRAIT, kiosk_headers, log_in, shoot
from playwright.sync_api import expect

DESK = {"width": 1366, "height": 768}
COUNTER = 3  # demo Loket 3: akta, sktm, domisili
TAPS = (4, 3, 3, 4, 2, 4, 4, 3, 3)
CODES = [f"u{n}" for n in range(1, 10)]


def serve_at_the_counter(page, server, number: str) -> None:
    """Admin at Loket 3 calls until `number` is at the counter (numbers left there by other tests
    on the shared demo server are finished on the way), then finishes it through the console's
    confirmation."""
    log_in(page, server, "admin")
    page.goto(f"{server.url}/loket/{COUNTER}")
    current = page.locator("[data-current-number]")
    for _ in range(12):
        if current.count() and current.inner_text() == number:
            break
        if current.count():
            finish_current(page)
            expect(current).to_have_count(0)
        page.locator("[data-action=call-next]").click()
        expect(current).to_be_visible()
    expect(current).to_have_text(number)
    finish_current(page)
    expect(page.locator("[data-notice]")).to_contain_text(
        f"Persilakan warga memberi nilai di kios (nomor {number})"
    )


def finish_current(page) -> None:
    """Selesai, and yes in its confirmation."""
    page.locator("[data-action=finish]").click()
    page.locator("[data-confirm=selesai] [data-confirm-choice=yes]").click()


def hand_index(database, start: dt.date, end: dt.date) -> tuple[int, float]:
    """Respondents and the IKM over every survey of the period, computed here: per element the
    mean, their sum / 9 × 25, rounded half up to 2 decimals."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            f"SELECT {', '.join(CODES)} FROM ikm_response WHERE day BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        ).fetchall()
    means = [sum(row[i] for row in rows) / len(rows) for i in range(9)]
    index = int(sum(means) / 9 * 25 * 100 + 0.5 + 1e-9) / 100
    return len(rows), index


def grade_of(index: float) -> str:
    return "A" if index >= 88.31 else "B" if index >= 76.61 else "C" if index >= 65 else "D"


def test_finished_ticket_rates_once_and_the_ikm_page_agrees(browser, demo_server):
    server = demo_server
    desk = browser.new_context(viewport=DESK).new_page()
    taken = desk.request.post(
        server.url + "/api/v1/tickets", data={"service": "domisili"}, headers=kiosk_headers(server)
    ).json()
    number, code = taken["number"], taken["tracking_code"]
    serve_at_the_counter(desk, server, number)

    kiosk = server.kiosk_context(browser, viewport=PORTRAIT, has_touch=True).new_page()
    kiosk.goto(server.url + "/")
    offer = kiosk.locator(f"[data-survey-offer] [data-offer-number='{number}']")
    fits = "() => document.documentElement.scrollHeight <= innerHeight"
    expect(offer).to_be_in_viewport(ratio=1)
    shoot(kiosk, "ikm-offer")
    assert kiosk.evaluate(fits)  # the offer costs the home no scrolling
    kiosk.set_viewport_size(LANDSCAPE)
    expect(offer).to_be_in_viewport(ratio=1)
    assert kiosk.evaluate(fits)
    shoot(kiosk, "ikm-offer")
    kiosk.set_viewport_size(PORTRAIT)
    offer.tap()
    for step, (element, value) in enumerate(zip(CODES, TAPS, strict=True), start=1):
        question = kiosk.locator(f"[data-screen=survey-question][data-question-code={element}]")
        expect(question).to_be_visible()
        expect(kiosk.locator(".survey-count")).to_contain_text(f"Pertanyaan {step} dari 9")
        faces = kiosk.locator("[data-answer]")
        expect(faces).to_have_count(4)
        if step == 1:
            shoot(kiosk, "ikm-question")
            kiosk.set_viewport_size(LANDSCAPE)
            for face in range(4):  # all four faces above the fold, large enough to tap
                expect(faces.nth(face)).to_be_in_viewport(ratio=1)
                assert faces.nth(face).bounding_box()["height"] >= 72
            shoot(kiosk, "ikm-question")
            kiosk.set_viewport_size(PORTRAIT)
            for face in range(4):
                expect(faces.nth(face)).to_be_in_viewport(ratio=1)
        kiosk.locator(f"[data-answer='{value}']").tap()
    expect(kiosk.locator("[data-screen=survey-about]")).to_be_visible()
    kiosk.locator("[data-about=sex] label", has_text="Perempuan").tap()
    kiosk.locator("[data-survey-send]").tap()
    expect(kiosk.locator("[data-screen=survey-thanks]")).to_contain_text("Terima kasih")
    shoot(kiosk, "ikm-thanks")
    kiosk.set_viewport_size(LANDSCAPE)
    shoot(kiosk, "ikm-thanks")

    # Never twice: the offer is gone, and the receipt code is refused with a clear message.
    kiosk.locator("[data-done]").tap()
    expect(kiosk.locator("[data-survey-start]")).to_be_visible()
    expect(kiosk.locator(f"[data-offer-number='{number}']")).to_have_count(0)
    kiosk.locator("[data-survey-start]").tap()
    expect(kiosk.locator("[data-screen=survey-start]")).to_be_visible()
    expect(kiosk.locator(f"[data-offer-number='{number}']")).to_have_count(0)
    keypad = kiosk.locator("[data-keypad]")
    for symbol in code.replace("-", ""):
        keypad.locator(f"[data-key='{symbol}']").tap()
    keypad.locator("[data-key-submit]").tap()
    expect(kiosk.locator("#screen")).to_contain_text("Nomor ini sudah memberi nilai. Terima kasih.")

    today = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Jakarta")).date()
    start = today - dt.timedelta(days=30)
    respondents, index = hand_index(server.root / "satupintu.db", start, today)
    desk.goto(f"{server.url}/laporan/ikm?dari={start.isoformat()}&sampai={today.isoformat()}")
    expect(desk.locator("[data-ikm-respondents]")).to_have_text(str(respondents))
    expect(desk.locator("[data-ikm-index]")).to_have_text(f"{index:.2f}".replace(".", ","))
    expect(desk.locator("[data-ikm-grade]")).to_have_attribute("data-ikm-grade", grade_of(index))
    assert respondents > 1  # the demo's seeded surveys and this one
    shoot(desk, "ikm-page")
