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


def status_rate_limit():
    """The per-client limit on public status lookups (SATUPINTU_STATUS_RATE_LIMIT); kiosks
    listed in SATUPINTU_STATUS_RATE_LIMIT_EXEMPT are not limited, since every citizen at a
    kiosk shares its address."""
    from flask import current_app, request

    return limiter.limit(
        lambda: current_app.config["STATUS_RATE_LIMIT"],
        exempt_when=lambda: request.remote_addr in current_app.config["STATUS_RATE_LIMIT_EXEMPT"],
    )
