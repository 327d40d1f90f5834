""" "Dengarkan" on the kiosk's status screen plays a clip the server spoke (issue 11 point 7):
Chromium's audio element really plays it, the button shows it, a second tap stops it."""

from __future__ import annotations

from browser_support import LANDSCAPE, PORTRAIT, shoot
from playwright.sync_api import expect


def test_dengarkan_plays_the_spoken_status(browser, live_server):
    context = live_server.kiosk_context(browser, viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    ticket = page.request.post(live_server.url + "/api/v1/tickets", data={"service": "ktp-baru"})
    page.goto(f"{live_server.url}/s/{ticket.json()['tracking_code']}")
    button = page.locator("[data-speak]")
    expect(button).to_be_visible()
    button.tap()
    expect(button).to_have_attribute("aria-pressed", "true")
    player = page.locator("audio[data-speech-player]")
    page.wait_for_function(
        "() => { const a = document.querySelector('audio[data-speech-player]');"
        " return a && !a.paused && a.currentTime > 0.3; }"
    )
    assert player.evaluate("a => a.src").endswith(".ogg")
    shoot(page, "kiosk-status-speaking")
    button.tap()  # a second tap stops it
    expect(button).to_have_attribute("aria-pressed", "false")
    assert player.evaluate("a => a.paused")
    context.close()


PLAYING = (
    "() => { const a = document.querySelector('audio[data-speech-player]');"
    " return a && !a.paused && a.currentTime > 0.3; }"
)


def _hear(page) -> None:
    """Tap this screen's "Dengarkan" (in the top bar) and wait until its clip is playing."""
    button = page.locator(".topbar [data-speak]")
    expect(button).to_be_visible()
    button.tap()
    expect(button).to_have_attribute("aria-pressed", "true")
    page.wait_for_function(PLAYING)


def test_every_kiosk_screen_can_be_heard(browser, live_server):
    """Home, a group, a service with its requirements, and the ticket: each has "Dengarkan"."""
    context = live_server.kiosk_context(browser, viewport=LANDSCAPE, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/?reset=1")
    _hear(page)
    page.locator("[data-group=ktp]").tap()
    expect(page.locator("[data-screen=group]")).to_be_visible()
    _hear(page)
    page.locator("[data-service=ktp-baru]").tap()
    expect(page.locator("[data-screen=service]")).to_be_visible()
    _hear(page)
    shoot(page, "kiosk-service-speaking")
    page.locator("[data-take-number]").tap()
    expect(page.locator("[data-missing-warning]")).to_be_visible()
    page.locator("[data-take-number]").tap()
    expect(page.locator("[data-screen=ticket]")).to_be_visible()
    _hear(page)
    context.close()
