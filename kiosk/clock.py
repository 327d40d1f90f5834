"""Office time: the one place that knows "now" and "today" in the office's time zone."""

from __future__ import annotations

import datetime as dt

from flask import current_app


def now() -> dt.datetime:
    """The current moment, aware, in the office time zone (tests may set config CLOCK)."""
    clock = current_app.config.get("CLOCK")
    moment = clock() if clock else dt.datetime.now(dt.UTC)
    return moment.astimezone(current_app.config["TZ"])


def today() -> dt.date:
    """The office's local date: numbering resets at local midnight."""
    return now().date()


def local(moment: dt.datetime) -> dt.datetime:
    """Convert a stored (UTC) moment to office time."""
    return moment.astimezone(current_app.config["TZ"])
