"""The field PWA in a real Chromium tablet profile against `satupintu serve`.

The app shell is served by the live server; the office's /api/v1 is the FakeOffice of
field_support (Playwright routing), so each client behaviour can be driven exactly: a captive
portal, a lost answer, a revoke, a wipe.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from browser_support import LiveServer
from field_support import (
    ENROLMENT_CODE,
    PHONE,
    REVOKED_MESSAGE,
    TABLET,
    FakeOffice,
    dump,
    jpeg,
    open_tablet,
    sync,
)
from playwright.sync_api import expect

SHOTS = Path("/work/shots/pwa")


@pytest.fixture(scope="module")
def field_server(tmp_path_factory):
    """One server for the module (the shell is static; each test has its own tablet)."""
    server = LiveServer(tmp_path_factory.mktemp("field")).start()
    yield server
    server.stop()


@pytest.fixture
def tablet(browser_type, tmp_path):
    """A fresh tablet profile; `reopen()` closes the browser and starts it again on it."""

    class Tablet:
        def __init__(self):
            self.profile = tmp_path / "profile"
            self.context = None

        def open(self, office: FakeOffice | None = None, viewport: dict = TABLET):
            self.context = open_tablet(browser_type, self.profile, viewport)
            if office is not None:
                office.attach(self.context)
            return self.context.pages[0] if self.context.pages else self.context.new_page()

        def close(self):
            if self.context is not None:
                self.context.close()
                self.context = None

    made = Tablet()
    yield made
    made.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=str(SHOTS / f"{name}-{size['width']}x{size['height']}.png"), full_page=True)


def controlled(page, url: str) -> None:
    """Open the app and wait until its service worker controls the page."""
    page.goto(url)
    page.evaluate("() => navigator.serviceWorker.ready")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.evaluate("() => window.__app.ready")


def enrol(page, url: str) -> None:
    page.goto(url + "/field/#enrol=" + ENROLMENT_CODE)
    expect(page.locator("#enrol-code")).to_have_value(ENROLMENT_CODE)
    page.get_by_role("button", name="Daftarkan tablet").click()
    expect(page.locator("#sync-button")).to_be_visible()


def test_installable_and_starts_offline(field_server, tablet):
    page = tablet.open()
    url = field_server.url
    manifest = page.request.get(url + "/field/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    data = manifest.json()
    assert (data["name"], data["short_name"]) == ("Satu Pintu Lapangan", "SP Lapangan")
    assert (data["start_url"], data["scope"], data["display"]) == ("/field/", "/field/", "standalone")
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in data["icons"]:
        assert page.request.get(url + icon["src"]).headers["content-type"] == "image/png"
    worker = page.request.get(url + "/field/sw.js")
    assert worker.headers["service-worker-allowed"] == "/field/"
    assert "no-store" in worker.headers["cache-control"]  # never served from an HTTP cache

    controlled(page, url + "/field/")
    build = worker.headers["x-field-build"]
    assert page.evaluate("() => caches.keys()") == [f"sp-field-{build}"]
    tablet.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Daftarkan tablet ini")).to_be_visible()
    assert page.evaluate("() => navigator.onLine") is False
    tablet.close()
    # A cold start offline: the browser closed, reopened with no network.
    page = tablet.open()
    tablet.context.set_offline(True)
    page.goto(url + "/field/")
    expect(page.get_by_role("heading", name="Daftarkan tablet ini")).to_be_visible()
