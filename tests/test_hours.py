"""Office hours: parsing, open/closed, next opening, evening sessions, holidays."""

import datetime as dt
import zoneinfo

import pytest

from kiosk.hours import OfficeHoursError, parse_office_hours

TZ = zoneinfo.ZoneInfo("Asia/Jakarta")
SPEC = "mon-thu 08:00-15:00; fri 08:00-11:00,13:00-15:00; mon,wed 19:00-21:00"


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (at(2026, 11, 23, 7, 59), False),  # Monday before opening
        (at(2026, 11, 23, 8, 0), True),
        (at(2026, 11, 23, 14, 59), True),
        (at(2026, 11, 23, 15, 0), False),  # closing time is exclusive
        (at(2026, 11, 23, 19, 30), True),  # Monday evening session
        (at(2026, 11, 24, 19, 30), False),  # no evening session on Tuesday
        (at(2026, 11, 27, 11, 30), False),  # Friday prayer break
        (at(2026, 11, 27, 13, 0), True),
        (at(2026, 11, 28, 10, 0), False),  # Saturday
    ],
)
def test_open_or_closed(moment, is_open):
    assert parse_office_hours(SPEC).is_open(moment) is is_open


def test_next_opening_after_friday_break_and_weekend():
    hours = parse_office_hours(SPEC)
    assert hours.next_opening(at(2026, 11, 27, 11, 15)).start == at(2026, 11, 27, 13, 0)
    following = hours.next_opening(at(2026, 11, 27, 15, 30))
    assert following.start == at(2026, 11, 30, 8, 0)
    assert following.is_evening is False


def test_next_opening_is_an_evening_session():
    opening = parse_office_hours(SPEC).next_opening(at(2026, 11, 23, 16, 0))
    assert opening.start == at(2026, 11, 23, 19, 0)
    assert opening.is_evening is True


def test_holiday_is_skipped():
    hours = parse_office_hours(SPEC)
    christmas = dt.date(2026, 12, 25)  # a Friday
    assert hours.is_open(at(2026, 12, 25, 9, 0), {christmas}) is False
    assert hours.next_opening(at(2026, 12, 24, 16, 0), {christmas}).start == at(2026, 12, 28, 8, 0)


def test_always_is_open_even_on_holidays():
    hours = parse_office_hours("always")
    assert hours.is_open(at(2026, 12, 25, 3, 0), {dt.date(2026, 12, 25)})
    assert hours.next_opening(at(2026, 12, 25, 3, 0)) is None


def test_describe_groups_days():
    assert parse_office_hours("mon-fri 08:00-15:00").describe() == [("mon-fri", "08.00–15.00")]


def test_midnight_end():
    hours = parse_office_hours("sat 20:00-24:00")
    assert hours.is_open(at(2026, 11, 28, 23, 59))
    assert not hours.is_open(at(2026, 11, 28, 19, 59))


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("", "empty"),
        ("mon-thu", "expected"),
        ("mon-thu 8-15", "not a time range"),
        ("funday 08:00-15:00", "unknown day 'funday'"),
        ("fri-mon 08:00-15:00", "runs backwards"),
        ("mon 15:00-08:00", "ends before it starts"),
        ("mon 25:00-26:00", "impossible time"),
        ("mon 08:00-12:00,11:00-15:00", "overlap"),
        ("mon 08:00-12:00; mon 11:00-13:00", "overlap"),
    ],
)
def test_malformed_specs_say_what_is_wrong(spec, fragment):
    with pytest.raises(OfficeHoursError, match=fragment):
        parse_office_hours(spec)
