"""The way forward is always on screen: every service of the catalogue, both orientations.

A citizen who ticks nothing meets the warning step; its "Tetap Ambil Nomor" and "Kembali" must be
tappable where they are, without scrolling, on the longest service too. (Phones: see
test_phone_tickets.py.)
"""

from pathlib import Path

import pytest
from browser_support import LANDSCAPE, PORTRAIT, shoot
from playwright.sync_api import expect

SHOTS = Path("/work/shots/kiosk-layout")
PHONE = {"width": 390, "height": 844}

# Inside the viewport, and the element the browser would hit at its centre is the button itself.
TAPPABLE = """el => {
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {
    inside: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
    hit: hit !== null && (hit === el || el.contains(hit)),
    box: [Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)],
  };
}"""


def assert_tappable(page, selector, where):
    button = page.locator(selector)
    expect(button).to_be_visible()
    found = button.evaluate(TAPPABLE)
    assert found["inside"] and found["hit"], f"{selector} not tappable on {where}: {found}"


def assert_touch_height(page, selector, minimum=72):
    """Every match at least the kiosk's touch minimum tall."""
    heights = page.locator(selector).evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= minimum, f"{selector} heights {heights} < {minimum}px"


def save_shot(page, name):
    """The screenshot for the review: in tests/artifacts/screens/, and /work/shots when present."""
    path = shoot(page, name)
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        (SHOTS / path.name).write_bytes(path.read_bytes())


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_primary_button_always_on_screen(browser, live_server, viewport):
    context = live_server.kiosk_context(browser, viewport=viewport, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/")  # the home screen fits, "Lainnya" included
    assert page.evaluate("() => document.documentElement.scrollHeight <= innerHeight")
    assert_tappable(page, "[data-other]", "home")
    assert_tappable(page, "[data-report]", "home")
    assert_touch_height(page, "[data-report], [data-other]")
    save_shot(page, "kiosk-home")
    page.locator("[data-other]").tap()
    expect(page.locator("[data-screen=other]")).to_contain_text("tanya", ignore_case=True)
    assert_tappable(page, "[data-other-done]", "Lainnya")
    save_shot(page, "kiosk-other")
    services = page.request.get(live_server.url + "/api/v1/services").json()["services"]
    codes = [service["code"] for service in services]
    assert len(codes) >= 17
    warned = 0
    for code in codes:
        where = f"{code} {viewport['width']}x{viewport['height']}"
        page.goto(f"{live_server.url}/layanan/{code}")
        assert_tappable(page, "[data-take-number]", where)
        page.locator("[data-take-number]").tap()  # nothing ticked
        step = page.locator("[data-screen=service][data-step=warning], [data-screen=ticket]")
        expect(step).to_be_visible()
        if page.locator("[data-screen=ticket]").count():
            assert_tappable(page, "[data-done]", where)  # nothing required: a number at once
            continue
        warned += 1
        expect(page.locator("[data-missing-list] li").first).to_be_visible()
        assert_tappable(page, "[data-take-number]", "warning step of " + where)
        assert_tappable(page, "[data-warning-back]", "warning step of " + where)
        take = page.locator("[data-take-number]")
        expect(take).to_have_text("Tetap Ambil Nomor", use_inner_text=True)
        if code == "kis":
            save_shot(page, "kiosk-kis-warning")
        page.locator("[data-warning-back]").tap()
        expect(page.locator("[data-screen=service][data-step=check]")).to_be_visible()
        for label in page.locator("label.req-bring").all():
            label.tap()
        assert_tappable(page, "[data-take-number]", "ticked " + where)
        expect(page.locator("[data-take-number]")).to_have_text("Ambil Nomor", use_inner_text=True)
    assert warned >= 15
    context.close()


def test_scroll_hint_on_a_long_list(browser, live_server):
    context = live_server.kiosk_context(browser, viewport=LANDSCAPE, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/layanan/kis")
    hint = page.locator("[data-scroll-hint]")
    expect(hint).to_be_visible()
    assert_tappable(page, "[data-scroll-hint]", "kis")
    hint_box, bar_box = hint.bounding_box(), page.locator("[data-action-bar]").bounding_box()
    assert hint_box["y"] + hint_box["height"] <= bar_box["y"]  # never over the button
    for _ in range(8):  # each tap scrolls most of a screen (smoothly), until the end
        if hint.is_hidden():
            break
        target = page.evaluate(
            "() => Math.min(scrollY + Math.round(innerHeight * 0.6),"
            " document.documentElement.scrollHeight - innerHeight)"
        )
        hint.tap()
        page.wait_for_function("t => Math.abs(scrollY - t) < 2", arg=target)
    expect(hint).to_be_hidden()  # at the end: no more hint
    assert_tappable(page, "[data-take-number]", "kis, scrolled to the end")
    context.close()
