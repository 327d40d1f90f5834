"""Point 8: due dates and pauses against a brute-force working-day count, over random holiday
sets. The holiday lookup answers only for the window it is asked about, so a function that
reads the wrong window (the old bug: pause holidays looked up from the due date on) fails."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.files.dates import add_working_days, due_after_pause, working_days_between

FIRST = dt.date(2026, 1, 1)
LAST = dt.date(2028, 12, 31)
ONE_DAY = dt.timedelta(days=1)

days = st.dates(min_value=FIRST, max_value=dt.date(2027, 12, 31))
holiday_sets = st.frozensets(st.dates(min_value=FIRST, max_value=LAST), max_size=60)


def lookup(holidays: frozenset[dt.date]):
    """A holiday source that, like the database query, knows only the window asked for."""

    def holidays_between(first: dt.date, last: dt.date) -> set[dt.date]:
        assert first <= last
        return {day for day in holidays if first <= day <= last}

    return holidays_between


def brute_working(day: dt.date, holidays: frozenset[dt.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def brute_count(start: dt.date, end: dt.date, holidays: frozenset[dt.date]) -> int:
    """Working days in (start, end], one day at a time."""
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += brute_working(day, holidays)
    return count


def brute_add(start: dt.date, working: int, holidays: frozenset[dt.date]) -> dt.date:
    """Step day by day until `working` working days have passed."""
    day = start
    while working:
        day += ONE_DAY
        working -= brute_working(day, holidays)
    return day


@settings(max_examples=300, deadline=None)
@given(due=days, paused_on=days, length=st.integers(0, 120), holidays=holiday_sets)
def test_pause_moves_the_due_date_by_its_working_days(due, paused_on, length, holidays):
    """Any pause, any holidays: the due date moves by exactly the pause's working days."""
    resumed_on = paused_on + dt.timedelta(days=length)
    paused = brute_count(paused_on, resumed_on, holidays)
    moved = due_after_pause(due, paused_on, resumed_on, lookup(holidays))
    assert moved == brute_add(due, paused, holidays)
    assert brute_count(due, moved, holidays) == paused


@settings(max_examples=300, deadline=None)
@given(start=days, working=st.integers(0, 300), holidays=holiday_sets)
def test_add_working_days_matches_counting_by_hand(start, working, holidays):
    """Long spans cross the lookup's chunks; the answer is always a working day (or start)."""
    due = add_working_days(start, working, lookup(holidays))
    assert due == brute_add(start, working, holidays)
    assert working == 0 or brute_working(due, holidays)


@settings(max_examples=200, deadline=None)
@given(start=days, end=days, holidays=holiday_sets)
def test_working_days_between_matches_counting_by_hand(start, end, holidays):
    """Zero for an empty or backward span."""
    assert working_days_between(start, end, lookup(holidays)) == brute_count(start, end, holidays)


def test_christmas_2026_pause_from_the_issue():
    """21 to 28 December 2026 over the 24-25 December holidays: 14 January moves to 19 January."""
    holidays = frozenset({dt.date(2026, 12, 24), dt.date(2026, 12, 25), dt.date(2027, 1, 1)})
    moved = due_after_pause(
        dt.date(2027, 1, 14), dt.date(2026, 12, 21), dt.date(2026, 12, 28), lookup(holidays)
    )
    assert moved == dt.date(2027, 1, 19)
