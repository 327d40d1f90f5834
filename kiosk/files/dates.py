"""Working days: due dates skip weekends and the holiday list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def is_working_day(day: dt.date, holidays: Iterable[dt.date]) -> bool:
    """Monday to Friday and not a holiday."""
    return day.weekday() < 5 and day not in set(holidays)


def add_working_days(start: dt.date, days: int, holidays: Iterable[dt.date]) -> dt.date:
    """The date `days` working days after `start` (0 = the same day)."""
    holiday_set = set(holidays)
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, holiday_set):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, holidays: Iterable[dt.date]) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    holiday_set = set(holidays)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day, holiday_set)
    return count
