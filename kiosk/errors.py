"""Errors: typed domain exceptions, and one handler loop that renders them to fit the request."""

from __future__ import annotations

import logging

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the office said no; `code` is stable for the API, the message is for people."""

    code = "error"
    status = 400

    def __init__(self, message: str | None = None, **details) -> None:
        super().__init__(message or self.code)
        self.message = message or self.code
        self.details = details


class FieldErrors(DomainError):
    """Typed data with problems (422): `errors` maps each field to what is wrong. The message
    is `summary()` (a subclass words it for its form), else the first field's problem."""

    status = 422

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(self.summary() or next(iter(errors.values())), errors=errors)
        self.errors = errors

    def summary(self) -> str | None:
        """One line for the whole form; None: the first field's problem stands for it."""
        return None


def wants_json() -> bool:
    """API requests get JSON errors, never HTML."""
    return request.path.startswith("/api/")


def error_response(code: str, message: str, status: int, **details):
    """One rendering of an error: JSON for the API, a fragment for HTMX, a page otherwise."""
    if wants_json():
        body = {"error": code, "message": message}
        body.update({k: v for k, v in details.items() if v is not None})
        return jsonify(body), status
    fragment = bool(request.headers.get("HX-Request"))
    if is_staff_request():
        template = "errors/_staff_error.html" if fragment else "errors/staff_page.html"
        try:
            return render_template(template, code=code, message=message, status=status), status
        except Exception:  # the staff layout reads the session and the database: a broken one
            log.exception("staff error page failed; the plain one is shown")
    template = "errors/_error.html" if fragment else "errors/page.html"
    html = render_template(template, code=code, message=message, status=status)
    # htmx does not swap 4xx/5xx by default; the kiosk's htmx config swaps them (see base.html).
    return html, status


def is_staff_request() -> bool:
    """A staff page (a view guarded by a staff permission), or an unknown address opened by a
    logged-in officer: its errors show in the staff layout."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None:
        return hasattr(view, "required_action")
    from kiosk.auth.guards import staff_user

    try:
        return staff_user() is not None
    except Exception:  # an error page must never fail because the session cannot be read
        log.warning("staff session unreadable while rendering an error")
        return False


def register_error_handlers(app: Flask) -> None:
    """Install the handler loop on the app."""

    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        return error_response(error.code, error.message, error.status, **error.details)

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        return error_response(
            "csrf_failed",
            _("Halaman sudah kedaluwarsa. Silakan muat ulang dan coba lagi."),
            400,
        )

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        messages = {
            400: _("Permintaan tidak bisa diproses. Periksa isian lalu coba lagi."),
            403: _("Anda tidak boleh membuka halaman ini."),
            404: _("Halaman tidak ditemukan."),
            409: _("Data sudah berubah. Muat ulang halaman lalu coba lagi."),
            405: _("Cara permintaan ini tidak didukung."),
            413: _("Data yang dikirim terlalu besar."),
            429: _("Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi."),
        }
        message = messages.get(error.code or 500, error.description or "")
        view = current_app.view_functions.get(request.endpoint or "")
        own = getattr(view, "too_large_message", None)
        if error.code == 413 and own is not None:
            message = own()
        return error_response(_http_code(error), message, error.code or 500)

    @app.errorhandler(DataError)
    def _out_of_range(error: DataError):
        # A value the request carried that the database cannot hold (on PostgreSQL: an id above
        # its 4-byte integer columns): bad input, not a server fault.
        from kiosk.extensions import db

        db.session.rollback()
        log.warning("value out of the database's range on %s %s", request.method, request.path)
        return error_response(
            "out_of_range",
            _("Angka atau nilai yang dikirim di luar batas yang bisa disimpan."),
            422,
        )

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(
            "internal_error",
            _("Maaf, terjadi gangguan. Silakan minta bantuan petugas."),
            500,
        )


def _http_code(error: HTTPException) -> str:
    return (error.name or "error").lower().replace(" ", "_")
