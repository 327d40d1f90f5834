"""Office hours: parse the SATUPINTU_OFFICE_HOURS spec and answer "open now?" / "opens when?".

The spec is a `;`-separated list of `<days> <intervals>` parts, for example
``mon-thu 08:00-15:00; fri 08:00-11:00,13:00-15:00; mon,wed 19:00-21:00``.
Days are ``mon tue wed thu fri sat sun``, as ranges (``mon-thu``) or lists (``mon,wed``);
several parts for one day add up (a Friday prayer break is simply a gap, an evening session a
second interval). ``always`` means open round the clock, holidays included (demos and tests).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVENING_FROM = dt.time(17, 0)
_INTERVAL = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


class OfficeHoursError(ValueError):
    """The office-hours spec is malformed; the message says where and why."""


@dataclass(frozen=True)
class Interval:
    """One opening interval on a weekday, [start, end)."""

    start: dt.time
    end: dt.time

    @property
    def is_evening(self) -> bool:
        """True for an evening session (layanan malam)."""
        return self.start >= EVENING_FROM

    def label(self) -> str:
        """Render as 08.00–15.00, the Indonesian way of writing times."""
        return f"{self.start:%H.%M}–{self.end:%H.%M}"


@dataclass(frozen=True)
class Opening:
    """A concrete opening on a date: when it starts and ends, and whether it is an evening one."""

    start: dt.datetime
    end: dt.datetime
    is_evening: bool


@dataclass(frozen=True)
class OfficeHours:
    """Weekly opening intervals (index 0 = Monday), or always open."""

    always: bool
    weekly: tuple[tuple[Interval, ...], ...]

    def intervals_on(self, day: dt.date, holidays: Iterable[dt.date] = ()) -> tuple[Interval, ...]:
        """The intervals of one date: none on a holiday."""
        if day in set(holidays):
            return ()
        return self.weekly[day.weekday()]

    def opening_at(self, moment: dt.datetime, holidays: Iterable[dt.date] = ()) -> Opening | None:
        """The opening that contains `moment` (tz-aware, office time), or None when closed."""
        if self.always:
            start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
            return Opening(start, start + dt.timedelta(days=1), False)
        for interval in self.intervals_on(moment.date(), holidays):
            opening = _opening(moment.date(), interval, moment.tzinfo)
            if opening.start <= moment < opening.end:
                return opening
        return None

    def is_open(self, moment: dt.datetime, holidays: Iterable[dt.date] = ()) -> bool:
        """Whether the office serves at `moment`."""
        return self.opening_at(moment, holidays) is not None

    def next_opening(
        self, moment: dt.datetime, holidays: Iterable[dt.date] = (), horizon_days: int = 60
    ) -> Opening | None:
        """The first opening that starts after `moment`, within `horizon_days`."""
        if self.always:
            return None
        holiday_set = set(holidays)
        for offset in range(horizon_days + 1):
            day = moment.date() + dt.timedelta(days=offset)
            for interval in self.intervals_on(day, holiday_set):
                opening = _opening(day, interval, moment.tzinfo)
                if opening.start > moment:
                    return opening
        return None

    def openings_from(self, moment: dt.datetime, holidays: Iterable[dt.date] = (), days: int = 14):
        """Yield the openings (or the rest of the current one) from `moment` on, in time order."""
        if self.always:
            yield Opening(moment, moment + dt.timedelta(days=days), False)
            return
        holiday_set = set(holidays)
        for offset in range(days + 1):
            day = moment.date() + dt.timedelta(days=offset)
            for interval in self.intervals_on(day, holiday_set):
                opening = _opening(day, interval, moment.tzinfo)
                if opening.end <= moment:
                    continue
                if opening.start < moment:
                    opening = Opening(moment, opening.end, opening.is_evening)
                yield opening

    def describe(self) -> list[tuple[str, str]]:
        """Group days with the same intervals: [("mon-thu", "08.00–15.00"), ...] for signs."""
        if self.always:
            return [("always", "00.00–24.00")]
        rows: list[tuple[str, str]] = []
        index = 0
        while index < 7:
            intervals = self.weekly[index]
            end = index
            while end + 1 < 7 and self.weekly[end + 1] == intervals:
                end += 1
            if intervals:
                days = DAY_NAMES[index] if end == index else f"{DAY_NAMES[index]}-{DAY_NAMES[end]}"
                rows.append((days, ", ".join(i.label() for i in intervals)))
            index = end + 1
        return rows


def _opening(day: dt.date, interval: Interval, tz) -> Opening:
    start = dt.datetime.combine(day, interval.start, tz)
    end = (
        dt.datetime.combine(day, interval.end, tz)
        if interval.end != dt.time(0)
        else (dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tz))
    )
    return Opening(start, end, interval.is_evening)


def parse_office_hours(spec: str) -> OfficeHours:
    """Parse a spec like ``mon-thu 08:00-15:00; fri 08:00-11:00,13:00-15:00``."""
    if not isinstance(spec, str) or not spec.strip():
        raise OfficeHoursError("SATUPINTU_OFFICE_HOURS is empty: give e.g. 'mon-fri 08:00-15:00'")
    if spec.strip().lower() == "always":
        return OfficeHours(True, tuple(() for _ in DAY_NAMES))
    weekly: list[list[Interval]] = [[] for _ in DAY_NAMES]
    for part in (p.strip() for p in spec.split(";")):
        part = re.sub(r"\s*,\s*", ",", part)  # "fri 08:00-11:00, 13:00-15:00" reads naturally
        if not part:
            continue
        pieces = part.split()
        if len(pieces) != 2:
            raise OfficeHoursError(
                f"'{part}': expected '<days> <from>-<to>[,<from>-<to>]', e.g. 'mon-thu 08:00-15:00'"
            )
        days = _parse_days(pieces[0].lower(), part)
        intervals = [_parse_interval(text, part) for text in pieces[1].split(",")]
        for day in days:
            weekly[day].extend(intervals)
    for day, intervals in enumerate(weekly):
        intervals.sort(key=lambda i: i.start)
        for before, after in zip(intervals, intervals[1:], strict=False):
            if after.start < before.end:
                raise OfficeHoursError(
                    f"{DAY_NAMES[day]}: {before.label()} and {after.label()} overlap"
                )
    return OfficeHours(False, tuple(tuple(i) for i in weekly))


def _parse_days(text: str, part: str) -> list[int]:
    days: list[int] = []
    for item in text.split(","):
        if "-" in item:
            first, _, last = item.partition("-")
            start, end = _day_index(first, part), _day_index(last, part)
            if end < start:
                raise OfficeHoursError(f"'{part}': day range '{item}' runs backwards")
            days.extend(range(start, end + 1))
        else:
            days.append(_day_index(item, part))
    return days


def _day_index(name: str, part: str) -> int:
    if name not in DAY_NAMES:
        raise OfficeHoursError(
            f"'{part}': unknown day '{name}' (use mon, tue, wed, thu, fri, sat, sun)"
        )
    return DAY_NAMES.index(name)


def _parse_interval(text: str, part: str) -> Interval:
    match = _INTERVAL.match(text)
    if not match:
        raise OfficeHoursError(f"'{part}': '{text}' is not a time range like 08:00-15:00")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2 != 0):
        raise OfficeHoursError(f"'{part}': '{text}' has an impossible time")
    start = dt.time(h1, m1)
    end = dt.time(0) if h2 == 24 else dt.time(h2, m2)
    if end != dt.time(0) and end <= start:
        raise OfficeHoursError(f"'{part}': '{text}' ends before it starts")
    return Interval(start, end)
