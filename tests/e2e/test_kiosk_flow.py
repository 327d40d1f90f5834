"""A citizen at the touch kiosk: pick a service, read what to bring, take a number."""

import json
import re
import urllib.request

from browser_support import LANDSCAPE, PORTRAIT, shoot
from playwright.sync_api import expect


def api_ticket(server, code):
    with urllib.request.urlopen(f"{server.url}/api/v1/tickets/{code}") as response:
        return json.load(response)


def test_regular_ticket_by_touch(browser, live_server):
    context = live_server.kiosk_context(browser, viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("[data-screen=home]")).to_be_visible()
    shoot(page, "kiosk-home")
    page.locator("[data-group=ktp]").tap()
    expect(page.locator("[data-screen=group]")).to_be_visible()
    shoot(page, "kiosk-group")
    page.locator("[data-service=ktp-baru]").tap()
    expect(page.locator("[data-screen=service]")).to_be_visible()
    for label in page.locator("label.req-bring").all():
        label.tap()
    expect(page.locator("label.req-bring input:checked")).to_have_count(
        page.locator("label.req-bring").count()
    )
    shoot(page, "kiosk-service")
    page.locator("[data-take-number]").tap()
    expect(page.locator("[data-screen=ticket]")).to_be_visible()
    number = page.locator("[data-ticket-number]").inner_text()
    assert re.fullmatch(r"A-\d{3}", number)
    expect(page.locator("[data-print-status=printed]")).to_be_visible()
    expect(page.locator("[data-priority-badge]")).to_have_count(0)
    shoot(page, "kiosk-ticket")
    context.close()


def test_priority_ticket_and_missing_documents_warning(browser, live_server):
    context = live_server.kiosk_context(browser, viewport=LANDSCAPE, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.locator("[data-priority-lane]").tap()
    expect(page.locator("[data-screen=priority]")).to_be_visible()
    shoot(page, "kiosk-priority")
    page.locator("[data-priority=lansia]").tap()
    expect(page.locator(".priority-banner")).to_contain_text("Lansia")
    page.locator("[data-group=sktm]").tap()
    expect(page.locator("[data-screen=service][data-service=sktm]")).to_be_visible()
    page.locator("[data-take-number]").tap()  # nothing ticked: a kind warning, not a refusal
    expect(page.locator("[data-missing-warning]")).to_be_visible()
    shoot(page, "kiosk-missing-warning")
    page.locator("[data-take-number]").tap()
    expect(page.locator("[data-screen=ticket]")).to_be_visible()
    expect(page.locator("[data-priority-badge]")).to_contain_text("Lansia")
    expect(page.locator(".reminder")).to_be_visible()
    code = page.locator("[data-done]").evaluate("() => document.querySelector('.tracking-code')")
    assert code is None  # printer works: no fallback code on screen
    context.close()


def test_double_tap_gives_one_ticket(browser, live_server):
    context = live_server.kiosk_context(browser, viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/layanan/domisili")
    page.locator("label.req-bring").first.tap()
    for label in page.locator("label.req-bring").all()[1:]:
        label.tap()
    before = page.request.post(
        live_server.url + "/api/v1/tickets", data={"service": "domisili"}
    ).json()["number"]
    page.locator("[data-take-number]").dblclick()
    expect(page.locator("[data-screen=ticket]")).to_be_visible()
    after = page.request.post(
        live_server.url + "/api/v1/tickets", data={"service": "domisili"}
    ).json()["number"]
    # Exactly one number was issued between the two API tickets.
    assert int(after[-3:]) - int(before[-3:]) == 2
    context.close()


def test_english_toggle(browser, live_server):
    context = live_server.kiosk_context(browser, viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_contain_text("Selamat datang")
    page.get_by_role("button", name="English").tap()
    expect(page.locator("h1")).to_contain_text("Welcome")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("[data-group=kia]").tap()
    expect(page.locator("[data-screen=service]")).to_contain_text("What to bring")
    shoot(page, "kiosk-service-en")
    page.get_by_role("button", name="Indonesia").tap()
    expect(page.locator("[data-screen=service]")).to_contain_text("Yang perlu Anda bawa")
    context.close()


def test_printer_offline_shows_big_number_and_qr(browser, broken_printer_server):
    context = broken_printer_server.kiosk_context(browser, viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    page.goto(broken_printer_server.url + "/layanan/sktm")
    for label in page.locator("label.req-bring").all():
        label.tap()
    page.locator("[data-take-number]").tap()
    expect(page.locator("[data-screen=ticket]")).to_be_visible()
    expect(page.locator("[data-printer-failed]")).to_be_visible()
    expect(page.locator("[data-printer-failed]")).to_contain_text("Printer bermasalah")
    code = page.locator("[data-tracking-code]").inner_text()
    assert (
        api_ticket(broken_printer_server, code)["number"]
        == page.locator("[data-ticket-number]").inner_text()
    )
    shoot(page, "kiosk-printer-failed")
    page.set_viewport_size(LANDSCAPE)
    shoot(page, "kiosk-printer-failed")
    context.close()


def test_idle_returns_home_with_countdown(browser, quick_idle_server):
    context = quick_idle_server.kiosk_context(browser, viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    page.goto(quick_idle_server.url + "/")
    page.get_by_role("button", name="English").tap()
    page.locator("[data-group=kk]").tap()
    expect(page.locator("[data-screen=group]")).to_be_visible()
    overlay = page.locator("#idle")
    expect(overlay).to_be_visible(timeout=6000)
    shoot(page, "kiosk-idle")
    page.locator("[data-idle-stay]").tap()
    expect(overlay).to_be_hidden()
    expect(page.locator("[data-screen=group]")).to_be_visible()
    expect(overlay).to_be_visible(timeout=6000)
    expect(page.locator("[data-screen=home]")).to_be_visible(timeout=8000)
    # The next citizen starts in Indonesian.
    expect(page.locator("h1")).to_contain_text("Selamat datang")
    context.close()
