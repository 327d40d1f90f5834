"""The office a request works for, and its settings through one cached accessor.

Settings are read from the database at most once per OFFICE_TTL_SECONDS per process (and once
per request): an edit is seen at once by the process that saved it, by the others within
OFFICE_TTL_SECONDS.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, g, has_app_context, has_request_context, request
from sqlalchemy import func, select

from kiosk import cache
from kiosk.extensions import db
from kiosk.offices.settings import OfficeSettings

OFFICE_TTL_SECONDS = 5.0
# Set by an admin on a kiosk or display: "this screen belongs to office X" (the office code).
SCREEN_COOKIE = "satupintu_kantor"
SCREEN_PARAM = "kantor"


class NoOffice(RuntimeError):
    """The database holds no office yet: run `satupintu init-db`."""


def office_id_on_g() -> int | None:
    """The id of the office this request already resolved, if any (used inside flushes)."""
    if not has_app_context():
        return None
    cached = g.get("_office")
    return cached[1].id if cached else None


def current_office() -> OfficeSettings:
    """The settings of the office this request (or job) works for; see module docstring."""
    if not has_app_context():
        raise RuntimeError("current_office() needs an application context")
    key = _cache_key()
    cached = g.get("_office")
    if cached is not None and cached[0] == key:
        return cached[1]
    if g.get("_office_resolving"):
        # Loading the session's user asks the clock; its answer does not depend on the zone.
        return first_office()
    g._office_resolving = True
    try:
        settings = _resolve()
    finally:
        g._office_resolving = False
    g._office = (_cache_key(), settings)
    return settings


def _cache_key() -> tuple[int, int]:
    """What the answer depends on: the request (tests may run several in one app context) and
    its staff member (an API token's user is known only after the first look)."""
    this_request = id(request._get_current_object()) if has_request_context() else 0
    return this_request, id(g.get("staff_user"))


def forget_current_office() -> None:
    """Drop what this process remembers about offices (after an edit)."""
    if has_app_context():
        g.pop("_office", None)
        _app_cache().clear()
    cache.clear()


def _memo(name: str, key, compute):
    """compute(), or its value from less than OFFICE_TTL_SECONDS ago. Kept on the app (tests
    too: each test has its own app), cleared by every edit made through this module."""
    entries = _app_cache()
    now = time.monotonic()
    hit = entries.get((name, key))
    if hit is not None and hit[0] > now:
        return hit[1]
    value = compute()
    entries[(name, key)] = (now + OFFICE_TTL_SECONDS, value)
    return value


def _app_cache() -> dict:
    return current_app.extensions.setdefault("satupintu.offices", {})


def office_settings(office_id: int) -> OfficeSettings | None:
    """The settings of one office by id (cached for a few seconds)."""
    return _memo("office", office_id, lambda: _load(office_id))


def single_office() -> bool:
    """Whether this server holds one office only (then nothing needs scoping)."""
    from kiosk.models import Office

    return _memo("count", None, lambda: db.session.scalar(select(func.count(Office.id)))) <= 1


def office_by_code(code: str) -> OfficeSettings | None:
    """The settings of an active office by its code."""
    from kiosk.models import Office

    office_id = _memo(
        "office_code",
        code,
        lambda: db.session.scalar(select(Office.id).where(Office.code == code, Office.active)),
    )
    return office_settings(office_id) if office_id else None


def first_office() -> OfficeSettings:
    """The first office: the only one of a village install."""
    from kiosk.models import Office

    office_id = _memo(
        "office_first",
        None,
        lambda: db.session.scalar(select(Office.id).order_by(Office.id).limit(1)),
    )
    settings = office_settings(office_id) if office_id else None
    if settings is None:
        raise NoOffice("no office in the database: run `satupintu init-db`")
    return settings


def _load(office_id: int) -> OfficeSettings | None:
    from kiosk.models import Office

    office = db.session.get(Office, office_id)
    return OfficeSettings.of(office) if office is not None else None


def _resolve() -> OfficeSettings:
    if not has_request_context():
        return first_office()
    user = _request_user()
    if user is not None and user.office_id is not None:
        return office_settings(user.office_id) or first_office()
    code = request.args.get(SCREEN_PARAM) or request.cookies.get(SCREEN_COOKIE)
    chosen = office_by_code(code) if isinstance(code, str) and len(code) <= 40 else None
    if chosen is not None and request.args.get(SCREEN_PARAM):
        g._office_chosen_by_url = chosen.code
    return chosen or first_office()


def _request_user():
    from flask_login import current_user

    user = g.get("staff_user")
    if user is not None:
        return user
    return current_user.user if current_user.is_authenticated else None


def init_current_office(app: Flask) -> None:
    """A kiosk or display opened with ?kantor=<code> stays that office's screen (a cookie)."""

    @app.after_request
    def _remember_screen_office(response):
        code = g.get("_office_chosen_by_url")
        if code and request.cookies.get(SCREEN_COOKIE) != code:
            response.set_cookie(
                SCREEN_COOKIE, code, max_age=3650 * 86400, samesite="Lax", httponly=True
            )
        return response
