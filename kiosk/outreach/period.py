"""The stretch of days a printed schedule covers: the coming month, or a calendar month."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

COMING_DAYS = 30


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both inclusive; `month` is the first day of a calendar month
    when the period is one (for its title), else None."""

    start: dt.date
    end: dt.date
    month: dt.date | None = None


def next_days(today: dt.date, days: int = COMING_DAYS) -> Period:
    """Today and the `days` after it."""
    return Period(today, today + dt.timedelta(days=days))


def month_period(first: dt.date, today: dt.date) -> Period:
    """The calendar month of `first`, from today on when it is the current month."""
    first = first.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return Period(max(first, today) if last >= today else first, last, first)


def parse_month(text: str) -> dt.date | None:
    """The first day of the month written as YYYY-MM, or None when it cannot be read."""
    if len(text) != 7:
        return None
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        return None


def next_month(today: dt.date) -> dt.date:
    """The first day of the month after `today`'s."""
    return (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
