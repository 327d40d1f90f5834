"""How a report cell reads on the page and on paper: Indonesian number format, short dates."""

from __future__ import annotations

import datetime as dt

from flask_babel import format_date

from kiosk.i18n import decimal

DIGITS = {"days": 1, "minutes": 1, "percent": 1, "score": 2}


def short_date(day: dt.date) -> str:
    """1 Desember 2026."""
    return format_date(day, "d MMMM y")


def display_cell(value, kind: str) -> str:
    """A cell for people: — for nothing, 12,5 for a decimal, 30-11-2026 for a date."""
    if value is None:
        return "—"
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float):
        text = decimal(value, DIGITS.get(kind, 1))
        return f"{text}%" if kind == "percent" else text
    if isinstance(value, int) and kind == "percent":
        return f"{value}%"
    return str(value)
