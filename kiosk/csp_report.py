"""CSP violation reports from browsers: one WARNING line each, with no personal data."""

from __future__ import annotations

import json
import logging
import re
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from kiosk.errors import DomainError
from kiosk.extensions import csrf, limiter
from kiosk.security_headers import CSP_REPORT_PATH

log = logging.getLogger(__name__)
bp = Blueprint("csp_report", __name__)

REPORT_MAX_BYTES = 8 * 1024  # a real report is well under 2 KB
REPORT_RATE_LIMIT = "60 per minute"  # one broken page must not flood the log
# Values of blocked-uri that are not URLs (CSP3 "blockedURL" keywords).
BLOCKED_KEYWORDS = frozenset(
    {
        "inline",
        "eval",
        "wasm-eval",
        "data",
        "blob",
        "self",
        "trusted-types-policy",
        "trusted-types-sink",
    }
)
DIRECTIVE = re.compile(r"[a-z][a-z-]{0,39}")
SCHEME = re.compile(r"[a-z][a-z0-9+.-]{0,19}")


class BadReport(DomainError):
    """The body is not a CSP report."""

    code = "bad_csp_report"
    status = 400


@bp.post(CSP_REPORT_PATH)
@csrf.exempt
@limiter.limit(REPORT_RATE_LIMIT)
def csp_report():
    """Log a violation report (report-uri or Reporting API format); 204."""
    for violation in _violations(_read_json()):
        directive, blocked, page = _describe(violation)
        log.warning("CSP violation: %s %s on %s", directive, blocked, page)
    return "", 204


def _read_json() -> object:
    request.max_content_length = REPORT_MAX_BYTES  # per request: larger bodies get a 413
    try:
        return json.loads(request.get_data(cache=False))
    except HTTPException:
        raise
    except (ValueError, RecursionError) as error:
        raise BadReport(_("Laporan CSP tidak dapat dibaca.")) from error


def _violations(body: object) -> list[dict]:
    """The violation bodies in an application/csp-report or application/reports+json body."""
    if isinstance(body, dict) and isinstance(body.get("csp-report"), dict):
        return [body["csp-report"]]
    if isinstance(body, list):
        reports = [r.get("body") for r in body if isinstance(r, dict)]
        return [r for r in reports if isinstance(r, dict)]
    raise BadReport(_("Laporan CSP tidak dapat dibaca."))


def _describe(violation: dict) -> tuple[str, str, str]:
    """Directive, what was blocked (a keyword or an origin) and the page's endpoint.

    URLs are cut to their origin and the page to its route name: a path or query could hold a
    tracking code or a NIK someone typed into a URL.
    """
    directive = _field(violation, "effective-directive", "effectiveDirective", "violated-directive")
    directive = directive.split(" ")[0]
    if not DIRECTIVE.fullmatch(directive):
        directive = "unknown"
    blocked = _field(violation, "blocked-uri", "blockedURL")
    page = _endpoint(_field(violation, "document-uri", "documentURL"))
    return directive, _origin_or_keyword(blocked), page


def _field(violation: dict, *names: str) -> str:
    for name in names:
        value = violation.get(name)
        if isinstance(value, str) and value:
            return value
    return ""


def _origin_or_keyword(blocked: str) -> str:
    if blocked in BLOCKED_KEYWORDS:
        return blocked
    try:
        parts = urlsplit(blocked)
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # a malformed port or address
        return "unknown"
    if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname:
        return f"{parts.scheme}://{parts.hostname}{port}"
    return f"{parts.scheme}:" if SCHEME.fullmatch(parts.scheme) else "unknown"


def _endpoint(document_uri: str) -> str:
    try:
        adapter = current_app.url_map.bind("localhost")
        endpoint, _args = adapter.match(urlsplit(document_uri).path or "/", method="GET")
    except (HTTPException, ValueError):
        return "unknown page"
    return endpoint


def register_csp_report(app: Flask) -> None:
    """Serve POST /csp-report."""
    app.register_blueprint(bp)
