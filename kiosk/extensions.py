"""Flask extensions, created unbound and bound to an app by the factory."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base of every model."""


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
babel = Babel()
# Public lookups by tracking code are rate-limited per client (brute-forcing codes is pointless).
limiter = Limiter(key_func=get_remote_address, storage_uri="memory://", default_limits=[])


def _kiosk_exempt() -> bool:
    """Kiosks (SATUPINTU_STATUS_RATE_LIMIT_EXEMPT) are never limited: every citizen at a
    kiosk shares its address. One list serves the lookup and the ticket limits."""
    from flask import current_app, request

    return request.remote_addr in current_app.config["STATUS_RATE_LIMIT_EXEMPT"]


def status_rate_limit():
    """One per-client limit (SATUPINTU_STATUS_RATE_LIMIT) shared by every public lookup of a
    tracking code: /s/, /tiket/…, the API's tickets and files. Shared, so guessing codes on
    one route leaves no budget for another."""
    from flask import current_app

    return limiter.shared_limit(
        lambda: current_app.config["STATUS_RATE_LIMIT"],
        scope="code-lookup",
        exempt_when=_kiosk_exempt,
    )


def ticket_rate_limit():
    """One per-client limit (SATUPINTU_TICKET_RATE_LIMIT) on taking a number anonymously,
    shared by the kiosk form and POST /api/v1/tickets: paper and places in line cost."""
    from flask import current_app

    return limiter.shared_limit(
        lambda: current_app.config["TICKET_RATE_LIMIT"],
        scope="ticket-issue",
        methods=["POST"],
        exempt_when=_kiosk_exempt,
    )
