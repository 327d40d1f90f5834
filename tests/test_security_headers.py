"""Security headers on every route, no-store on personal data, and templates the CSP allows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from staff_support import bearer, login, seed
from test_files import NIK, accept

from kiosk.security_headers import SECURITY_HEADERS

KIOSK = Path(__file__).resolve().parents[1] / "kiosk"
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
HTMX_EVAL = re.compile(r"hx-on|hx-vars|[\"']js:|javascript:", re.I)  # need eval: not with this CSP
RULE_ARGUMENT = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")
# Codes that are not tracking codes: a service and a group of the shipped catalogue.
CATALOGUE_CODES = {"queue.service": "ktp-baru", "queue.group": "ktp"}
EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "media-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'; report-uri /csp-report"
)


@pytest.fixture
def app_config(app_config):
    """Short event streams, so the walk can open /display/events."""
    return {**app_config, "DISPLAY_STREAM_SECONDS": 1, "DISPLAY_KEEPALIVE_SECONDS": 1}


@pytest.fixture
def code(app) -> str:
    """The tracking code of a file holding a NIK, a name and an address."""
    seed(app)
    with app.test_request_context():
        return accept().tracking_code


def sample_url(rule, code: str) -> str:
    """The rule's path with a plausible value for each argument (the first choice of an any())."""

    def value(match: re.Match) -> str:
        converter, args, _name = match.groups()
        if rule.endpoint in CATALOGUE_CODES:
            return CATALOGUE_CODES[rule.endpoint]
        if converter == "int":
            return "1"
        if converter == "any":
            return args.split(",")[0].strip().strip("'\"")
        if converter == "path" and rule.endpoint == "static":
            return "css/kiosk.css"
        return code

    return RULE_ARGUMENT.sub(value, rule.rule)


def walk(app, code: str):
    """Every route: GET anonymously and as admin where it answers GET, else its method anonymously
    (no side effects; the answer is a 4xx or a redirect to the login page)."""
    anonymous = app.test_client()
    admin = app.test_client()
    login(admin, "admin")
    token = bearer(admin, "admin")
    for rule in app.url_map.iter_rules():
        url = sample_url(rule, code)
        if "GET" in rule.methods:
            yield rule, anonymous.get(url, buffered=False)
            yield rule, admin.get(url, buffered=False, headers=token)
        else:
            method = min(rule.methods - {"HEAD", "OPTIONS"})
            yield rule, anonymous.open(url, method=method, buffered=False)


def test_every_route_answers_with_the_security_headers(app, code):
    seen = set()
    for rule, response in walk(app, code):
        seen.add(rule.endpoint)
        for header, expected in SECURITY_HEADERS.items():
            assert response.headers.get(header) == expected, (rule.rule, header)
        assert response.status_code < 500, rule.rule
        if rule.endpoint == "static" or (
            rule.endpoint == "speech.clip" and response.status_code == 200
        ):
            assert response.headers.get("Cache-Control") != "no-store"
        else:
            assert response.headers["Cache-Control"] == "no-store", rule.rule
        response.close()
    assert seen == {rule.endpoint for rule in app.url_map.iter_rules()}
    assert SECURITY_HEADERS["Content-Security-Policy"] == EXPECTED_CSP


def test_rendered_pages_hold_no_inline_script_style_or_handler(app, code):
    pages = 0
    for rule, response in walk(app, code):
        if response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT):
                assert not pattern.search(html), (rule.rule, pattern.search(html).group(0))
            pages += response.status_code == 200
        response.close()
    assert pages >= 20  # the walk really rendered the kiosk, staff and display pages


def test_personal_data_answers_are_not_stored(app, client, code):
    login(client, "admin")
    token = bearer(app.test_client(), "admin")
    answers = {
        f"/berkas/{code}": client.get(f"/berkas/{code}"),
        "/berkas": client.get("/berkas"),
        "/loket/1": client.get("/loket/1"),
        "/admin": client.get("/admin"),
        "/statistik": client.get("/statistik"),
        f"/s/{code}": client.get(f"/s/{code}"),
        f"/tiket/{code}": client.get(f"/tiket/{code}"),
        f"/tiket/{code}/qr.svg": client.get(f"/tiket/{code}/qr.svg"),
        f"/api/v1/files/{code}": client.get(f"/api/v1/files/{code}"),
        f"/api/v1/files/{code}/history": client.get(f"/api/v1/files/{code}/history", headers=token),
        f"/api/v1/tickets/{code}": client.get(f"/api/v1/tickets/{code}"),
        "/api/v1/counters": client.get("/api/v1/counters", headers=token),
    }
    assert NIK in answers[f"/berkas/{code}"].get_data(as_text=True)
    for url, response in answers.items():
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url


def test_static_files_stay_cacheable_with_nosniff(client):
    response = client.get("/static/js/kiosk.js")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_errors_carry_the_headers_too(client):
    for response in (client.get("/no-such-page"), client.get("/api/v1/no-such")):
        assert response.status_code == 404
        assert response.headers["Content-Security-Policy"] == EXPECTED_CSP
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Cache-Control"] == "no-store"


def templates() -> list[Path]:
    return sorted((KIOSK / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(KIOSK)))
def test_template_has_no_inline_script_handler_or_style(path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text)
    assert not re.search(r"\son[a-z]+\s*=", text)
    assert not re.search(r"\sstyle\s*=", text)
    assert not STYLE_ELEMENT.search(text)
    assert not HTMX_EVAL.search(text)


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(KIOSK)))
def test_htmx_pages_turn_off_eval_and_inline_styles(path):
    text = path.read_text(encoding="utf-8")
    if "vendor/htmx-" not in text:
        return
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", text)
    assert meta, "a page loading htmx must configure it"
    config = json.loads(meta.group(1))
    assert config["includeIndicatorStyles"] is False  # htmx would inject a <style>
    assert config["allowEval"] is False and config["allowScriptTags"] is False
    # Settling copies attributes with setAttribute: a style attribute that way breaks the CSP.
    assert "style" not in config["attributesToSettle"]


def test_our_scripts_use_no_eval_or_style_attributes():
    for path in sorted((KIOSK / "static" / "js").glob("*.js")):
        text = path.read_text(encoding="utf-8")
        for forbidden in (r"\beval\(", r"new Function", r"setAttribute\(\s*[\"']style", r"<style"):
            assert not re.search(forbidden, text), (path.name, forbidden)
