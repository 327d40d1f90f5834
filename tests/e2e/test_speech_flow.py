""" "Dengarkan" on the kiosk's status screen plays a clip the server spoke (issue 11 point 7):
Chromium's audio element really plays it, the button shows it, a second tap stops it."""

from __future__ import annotations

from browser_support import PORTRAIT, shoot
from playwright.sync_api import expect


def test_dengarkan_plays_the_spoken_status(browser, live_server):
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
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
