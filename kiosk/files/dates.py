"""Working days: due dates skip weekends and holidays, and a pause moves the due date on.

Holidays come from a lookup `holidays_between(first, last)` (both days included) so that each
function asks for exactly the window it walks: a pause before the due date needs the holidays
inside the pause, the extension needs those after the due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Iterable, Iterator

HolidayLookup = Callable[[dt.date, dt.date], Iterable[dt.date]]
# Holidays are read a chunk at a time; a chunk holds ~40 working days, more than most walks need.
CHUNK_DAYS = 60
ONE_DAY = dt.timedelta(days=1)


def is_working_day(day: dt.date, holidays: Container[dt.date]) -> bool:
    """Monday to Friday and not a holiday."""
    return day.weekday() < 5 and day not in holidays


def _working_days_after(start: dt.date, holidays_between: HolidayLookup) -> Iterator[dt.date]:
    """Working days after `start`, in order, without end."""
    first = start + ONE_DAY
    while True:
        last = first + dt.timedelta(days=CHUNK_DAYS - 1)
        holidays = set(holidays_between(first, last))
        day = first
        while day <= last:
            if is_working_day(day, holidays):
                yield day
            day += ONE_DAY
        first = last + ONE_DAY


def add_working_days(start: dt.date, days: int, holidays_between: HolidayLookup) -> dt.date:
    """The date `days` working days after `start` (0 = the same day)."""
    day = start
    walk = _working_days_after(start, holidays_between)
    for _ in range(days):
        day = next(walk)
    return day


def working_days_between(start: dt.date, end: dt.date, holidays_between: HolidayLookup) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    holidays = set(holidays_between(start + ONE_DAY, end))
    days = (start + ONE_DAY * n for n in range(1, (end - start).days + 1))
    return sum(is_working_day(day, holidays) for day in days)


def due_after_pause(
    due: dt.date, paused_on: dt.date, resumed_on: dt.date, holidays_between: HolidayLookup
) -> dt.date:
    """The due date moved on by the working days of a pause (after `paused_on` up to
    `resumed_on`), counted with the holidays inside the pause itself."""
    paused = working_days_between(paused_on, resumed_on, holidays_between)
    return add_working_days(due, paused, holidays_between)
