"""Security headers on every response: a strict Content-Security-Policy and friends.

Hand-written rather than flask-talisman: the policy is a handful of constant headers, and
Talisman would also rewrite the session-cookie settings, redirect to HTTPS and send HSTS
(trusting X-Forwarded-Proto), which belong to the HTTPS set-up and must stay off on a
localhost kiosk; it does not do the no-store rule or the report endpoint either.
"""

from __future__ import annotations

from flask import Flask, Response, request

CSP_REPORT_PATH = "/csp-report"

# No inline script or style, no eval, no framing; everything comes from this server.
# Inline SVG icons and htmx need nothing more; the display's audio clips load through fetch.
CONTENT_SECURITY_POLICY: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "media-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    # report-uri (not report-to): Chromium sends these at once, not batched a minute later.
    "report-uri": CSP_REPORT_PATH,
}

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": "; ".join(f"{k} {v}" for k, v in CONTENT_SECURITY_POLICY.items()),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


# Static files, and spoken clips: named by a hash, they speak screen text that carries no NIK or
# name (service, status, a ticket number), and the kiosk replays them.
CACHEABLE = frozenset({"static", "speech.clip"})
# Staff-only field photos, named by their hash: a 200 keeps the view's `Cache-Control:
# private` (the officer's own browser may keep it, a shared cache never).
PRIVATE_CACHE = frozenset({"fieldoffice.photo"})


def add_security_headers(response: Response) -> Response:
    """Set the policy headers; forbid storing any answer but a static file."""
    response.headers.update(SECURITY_HEADERS)
    # Deny by default: pages, fragments, API answers, QR codes and the event stream may carry a
    # NIK, a name or a tracking code, and a shared browser or proxy must not keep them.
    if request.endpoint in PRIVATE_CACHE and response.status_code in (200, 304):
        return response
    if request.endpoint not in CACHEABLE or response.status_code >= 400:
        response.headers["Cache-Control"] = "no-store"
    return response


def init_security_headers(app: Flask) -> None:
    """Add the headers to every response of the app, error pages included."""
    app.after_request(add_security_headers)
