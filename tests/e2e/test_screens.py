"""Every kiosk screen in both orientations (and the status page on a phone), for review.

The screenshots land in tests/artifacts/screens/ (named in the README); each test
also asserts the screen fits: nothing the citizen must tap is off-screen or clipped.
"""

import datetime as dt
import shutil
import zoneinfo

import pytest
import zxingcpp
from browser_support import ARTIFACTS, LANDSCAPE, PORTRAIT, LiveServer, kiosk_headers, shoot
from PIL import Image
from playwright.sync_api import expect

RECEIPTS = ARTIFACTS / "receipts"
PHONE = {"width": 390, "height": 844}
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def assert_fits_width(page):
    """No horizontal scrolling: the layout fits the screen's width."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def assert_min_touch_size(page, selector, minimum=64):
    for box in page.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })"
    ):
        assert min(box) >= minimum, f"{selector} is {box}, smaller than {minimum}px"


def keep_receipt(server, number, status_url, viewport):
    """Copy the kiosk's receipt preview to tests/artifacts/receipts/; its QR is the status URL."""
    previews = sorted(server.receipts.glob(f"*-{number}-*.png"))
    assert previews, f"no receipt preview for {number}"
    RECEIPTS.mkdir(parents=True, exist_ok=True)
    target = RECEIPTS / f"kiosk-{number}-{viewport['width']}x{viewport['height']}.png"
    shutil.copyfile(previews[-1], target)
    decoded = zxingcpp.read_barcodes(Image.open(target))
    assert [code.text for code in decoded] == [status_url]


def assert_office_clock(page):
    """The clock shows office time (Asia/Jakarta), whatever the browser's time zone."""
    jakarta = zoneinfo.ZoneInfo("Asia/Jakarta")
    shown = page.locator("[data-clock]").inner_text()
    now = dt.datetime.now(jakarta)
    allowed = {(now + dt.timedelta(minutes=m)).strftime("%H.%M") for m in (-1, 0, 1)}
    assert shown in allowed


@pytest.fixture(scope="module")
def closed_server(tmp_path_factory):
    """An office whose only opening day is three days from today: closed right now."""
    today = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Jakarta")).weekday()
    server = LiveServer(
        tmp_path_factory.mktemp("closed"),
        OFFICE_HOURS=f"{DAYS[(today + 3) % 7]} 08:00-15:00",
    ).start()
    yield server
    server.stop()


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_every_kiosk_screen(browser, live_server, viewport):
    context = live_server.kiosk_context(
        browser, viewport=viewport, has_touch=True, timezone_id="America/Lima"
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("[data-screen=home]")).to_be_visible()
    expect(page.locator(".topbar-office")).to_have_text("Kantor Desa Sukamaju")
    assert_office_clock(page)
    assert_fits_width(page)
    assert_min_touch_size(page, "[data-group]")
    shoot(page, "kiosk-home")

    page.locator("[data-priority-lane]").tap()
    expect(page.locator("[data-screen=priority]")).to_be_visible()
    assert_min_touch_size(page, "[data-priority]")
    shoot(page, "kiosk-priority")
    page.locator("[data-priority=disabilitas]").tap()
    expect(page.locator(".priority-banner")).to_be_visible()
    shoot(page, "kiosk-home-priority")

    page.locator("[data-group=kk]").tap()
    expect(page.locator("[data-screen=group]")).to_be_visible()
    assert_fits_width(page)
    assert_min_touch_size(page, "[data-service]")
    shoot(page, "kiosk-group")

    page.locator("[data-service=kk-baru]").tap()
    expect(page.locator("[data-screen=service]")).to_be_visible()
    assert_fits_width(page)
    shoot(page, "kiosk-service")
    page.locator("[data-take-number]").tap()
    expect(page.locator("[data-missing-warning]")).to_be_visible()
    shoot(page, "kiosk-missing-warning")
    page.locator("[data-take-number]").tap()
    expect(page.locator("[data-screen=ticket]")).to_be_visible()
    expect(page.locator("[data-print-status=printed]")).to_be_visible()
    assert_fits_width(page)
    shoot(page, "kiosk-ticket")
    code = page.locator("[data-screen=ticket]").get_attribute("data-tracking")
    number = page.locator("[data-ticket-number]").inner_text()
    status_url = page.request.get(f"{live_server.url}/api/v1/tickets/{code}").json()["status_url"]
    keep_receipt(live_server, number, status_url, viewport)

    page.goto(f"{live_server.url}/s/{code}")
    expect(page.locator("[data-screen=status]")).to_be_visible()
    shoot(page, "kiosk-status")
    page.goto(f"{live_server.url}/s/ZZZZ-ZZZZ-ZZZ")
    expect(page.locator("[data-screen=status], [data-screen=error]")).to_be_visible()
    shoot(page, "kiosk-status-unknown")
    context.close()


def test_status_page_on_a_phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    ticket = page.request.post(
        live_server.url + "/api/v1/tickets",
        data={"service": "akta-kelahiran"},
        headers=kiosk_headers(live_server),
    )
    page.goto(ticket.json()["status_url"])
    expect(page.locator("[data-screen=status]")).to_contain_text(ticket.json()["number"])
    assert_fits_width(page)
    shoot(page, "kiosk-status-phone")
    context.close()


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_closed_office_screen(browser, closed_server, viewport):
    context = closed_server.kiosk_context(browser, viewport=viewport, has_touch=True)
    page = context.new_page()
    page.goto(closed_server.url + "/layanan/ktp-baru")
    expect(page.locator("[data-office-closed]")).to_be_visible()
    expect(page.locator("[data-office-closed]")).to_contain_text("08.00")
    shoot(page, "kiosk-closed")
    context.close()
