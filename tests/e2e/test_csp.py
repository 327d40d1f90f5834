"""The CSP is enforced in Chromium, and a violation reaches the server log and fails the run."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from browser_support import PORTRAIT, LiveServer, log_problems

# Each snippet breaks the policy once.
INJECTIONS = {
    "style-src-elem": """
        const style = document.createElement("style");
        style.textContent = "body { background: rgb(255, 0, 0) !important; }";
        document.head.append(style);""",
    "style-src-attr": """
        document.body.setAttribute("style", "background: rgb(255, 0, 0)");""",
    "script-src-elem": """
        const script = document.createElement("script");
        script.textContent = "document.body.dataset.pwned = 'yes';";
        document.body.append(script);""",
}


def violate(snippet: str) -> str:
    """A function for page.evaluate: run the snippet, resolve with the directive it broke."""
    return (
        "() => new Promise((resolve) => {\n"
        "  document.addEventListener('securitypolicyviolation',"
        " (e) => resolve(e.effectiveDirective), { once: true });\n"
        f"  {snippet}\n"
        "})"
    )


def test_headers_on_a_live_page(page, live_server):
    response = page.goto(live_server.url + "/")
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cache-control"] == "no-store"


@pytest.mark.parametrize("directive", INJECTIONS)
def test_injected_inline_code_is_blocked_and_reported(browser, live_server, directive):
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    # page.evaluate itself is not subject to the page's CSP; what it injects is.
    assert page.evaluate(violate(INJECTIONS[directive])) == directive
    line = live_server.wait_for_problem(f"CSP violation: {directive} inline on queue.home")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    assert page.evaluate("document.body.dataset.pwned") is None
    context.close()
    # The check every e2e test ends with would fail on it; take it so this test passes.
    problems = log_problems([live_server])
    assert problems == [f"{live_server.log}: {line}"]
    assert "WARNING" in line


def test_a_traceback_in_the_server_output_is_a_problem_too(tmp_path):
    server = LiveServer(tmp_path)
    server.process = SimpleNamespace(
        stdout=[
            b"INFO:waitress:Serving on http://127.0.0.1:1\n",
            b"ERROR kiosk.errors: unexpected error on GET /x\n",
            b"Traceback (most recent call last):\n",
            b'  File "x.py", line 1, in <module>\n',
        ]
    )
    server._drain(threading.Event())
    assert server.take_problems() == ["Traceback (most recent call last):"]
    assert server.take_problems() == []
