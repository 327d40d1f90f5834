"""Office time: the one place that knows "now" and "today" in the office's time zone."""

from __future__ import annotations

import datetime as dt

from flask import current_app


def utc_now() -> dt.datetime:
    """The current moment, aware, in UTC (tests may set config CLOCK)."""
    clock = current_app.config.get("CLOCK")
    moment = clock() if clock else dt.datetime.now(dt.UTC)
    return moment.astimezone(dt.UTC)


def now() -> dt.datetime:
    """The current moment, aware, in the current office's time zone."""
    return utc_now().astimezone(office_tz())


def today() -> dt.date:
    """The office's local date: numbering resets at local midnight."""
    return now().date()


def local(moment: dt.datetime) -> dt.datetime:
    """Convert a stored (UTC) moment to office time."""
    return moment.astimezone(office_tz())


def office_tz() -> dt.tzinfo:
    """The time zone of the office this request works for."""
    from kiosk.offices.current import current_office

    return current_office().tz
