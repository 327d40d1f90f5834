"""Browser tests: `satupintu serve` in a subprocess, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import pytest
from browser_support import CHROMIUM, LiveServer, free_port, log_problems


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def fail_on_log_problems() -> None:
    """Fail when a live server logged a CSP violation or a traceback since the last check."""
    problems = log_problems(LiveServer.started)
    if problems:
        pytest.fail("server log:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture(autouse=True)
def clean_server_log():
    """Every browser test ends with no CSP violation and no traceback in any server log."""
    yield
    fail_on_log_problems()


@pytest.fixture(scope="session", autouse=True)
def clean_server_log_at_the_end():
    """Lines written after a test's own check (a late report, a server stopping) fail the run."""
    yield
    fail_on_log_problems()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium; outside hosts fail fast, proving the pages need no internet."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--autoplay-policy=no-user-gesture-required",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
        ],
    }


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The kiosk as users run it: open round the clock, printing to a file printer."""
    server = LiveServer(tmp_path_factory.mktemp("live")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def broken_printer_server(tmp_path_factory):
    """The kiosk with its printer unplugged: a TCP printer on a port where nothing listens."""
    server = LiveServer(
        tmp_path_factory.mktemp("broken"),
        PRINTER=f"tcp://127.0.0.1:{free_port()}",
        PRINTER_TIMEOUT="2",
    ).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def quick_idle_server(tmp_path_factory):
    """The kiosk with a short idle timeout, so the reset can be watched in a test."""
    server = LiveServer(
        tmp_path_factory.mktemp("idle"), KIOSK_IDLE_SECONDS="6", KIOSK_IDLE_WARNING_SECONDS="4"
    ).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The demo office: counters Loket 1-4 and staff logins (password 'satupintu')."""
    server = LiveServer(tmp_path_factory.mktemp("demo"), demo=True).start()
    yield server
    server.stop()
