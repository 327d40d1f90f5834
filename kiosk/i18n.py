"""Language: locale choice for the kiosk (Indonesian first, English second) and date wording."""

from __future__ import annotations

import datetime as dt

from flask import Flask, current_app, has_request_context, session
from flask_babel import format_date, format_decimal, get_locale
from flask_babel import gettext as _

from kiosk import clock
from kiosk.extensions import babel
from kiosk.hours import Opening


def select_locale() -> str:
    """The language chosen on this screen session, Indonesian by default (and outside requests,
    e.g. in the CLI)."""
    lang = session.get("lang") if has_request_context() else None
    return lang if lang in current_app.config["LANGUAGES"] else "id"


def init_i18n(app: Flask) -> None:
    """Bind Flask-Babel with our locale selector and expose helpers to templates."""
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(
        current_lang=lambda: str(get_locale() or "id"), format_opening=format_opening
    )
    app.jinja_env.filters["clock_time"] = clock_time
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["decimal"] = decimal


def clock_time(moment: dt.datetime | str) -> str:
    """10.30 in Indonesian, 10:30 in English (from a datetime or an ISO date-time string)."""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    local = clock.local(moment)
    return local.strftime("%H.%M") if str(get_locale()) == "id" else local.strftime("%H:%M")


def decimal(value: float, digits: int = 1) -> str:
    """A number in the reader's format with `digits` decimals: 1.234,5 in Indonesian, 1,234.5 in
    English (babel, through flask-babel)."""
    return format_decimal(value, format="#,##0" + ("." + "0" * digits if digits else ""))


def long_date(moment: dt.datetime | dt.date | str) -> str:
    """Senin, 23 November 2026 (from a datetime, a date or an ISO date string)."""
    if isinstance(moment, str):
        moment = dt.date.fromisoformat(moment)
    if isinstance(moment, dt.datetime):
        moment = clock.local(moment).date()
    return format_date(moment, "EEEE, d MMMM y")


def format_opening(opening: Opening) -> str:
    """When an opening starts, relative to today: 'besok pukul 08.00', 'Senin, 30 November …'."""
    start = opening.start
    days = (start.date() - clock.today()).days
    if days == 0:
        when = _("hari ini pukul %(time)s", time=clock_time(start))
    elif days == 1:
        when = _("besok pukul %(time)s", time=clock_time(start))
    else:
        when = _(
            "%(date)s pukul %(time)s",
            date=format_date(start.date(), "EEEE, d MMMM"),
            time=clock_time(start),
        )
    if opening.is_evening:
        when += " " + _("(layanan malam)")
    return when
