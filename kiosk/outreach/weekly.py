"""The weekly office hours in words for a printed sheet: day ranges with their times, the
evening sessions (layanan malam) on rows of their own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.hours import Interval, OfficeHours


@dataclass(frozen=True)
class HoursRow:
    """'Senin–Kamis' / ('08.00–11.00', '13.00–15.00'); `evening` marks a layanan malam row."""

    days: str
    times: tuple[str, ...]
    evening: bool


def weekly_rows(hours: OfficeHours, day_names: Sequence[str]) -> list[HoursRow]:
    """Daytime rows (consecutive days with the same times grouped), then evening rows (days
    with the same evening times grouped). Empty for an office open round the clock."""
    if hours.always:
        return []
    daytime = [tuple(i for i in day if not i.is_evening) for day in hours.weekly]
    evening = [tuple(i for i in day if i.is_evening) for day in hours.weekly]
    return _runs(daytime, day_names, False) + _alike(evening, day_names, True)


def _runs(weekly: list[tuple[Interval, ...]], names: Sequence[str], evening: bool):
    """One row per run of consecutive days with the same intervals."""
    rows, index = [], 0
    while index < len(weekly):
        end = index
        while end + 1 < len(weekly) and weekly[end + 1] == weekly[index]:
            end += 1
        if weekly[index]:
            days = days_label(range(index, end + 1), names)
            rows.append(HoursRow(days, _times(weekly[index]), evening))
        index = end + 1
    return rows


def _alike(weekly: list[tuple[Interval, ...]], names: Sequence[str], evening: bool):
    """One row per distinct set of intervals, naming every day that has it."""
    rows = []
    for intervals in dict.fromkeys(day for day in weekly if day):
        days = [index for index, day in enumerate(weekly) if day == intervals]
        rows.append(HoursRow(days_label(days, names), _times(intervals), evening))
    return rows


def days_label(days: Sequence[int], names: Sequence[str]) -> str:
    """'Senin–Kamis', 'Senin, Rabu', 'Senin–Rabu, Jumat' (index 0 = Monday)."""
    parts, run = [], []
    for day in sorted(days):
        if run and day != run[-1] + 1:
            parts.append(_run_label(run, names))
            run = []
        run.append(day)
    if run:
        parts.append(_run_label(run, names))
    return ", ".join(parts)


def _run_label(run: list[int], names: Sequence[str]) -> str:
    if len(run) == 1:
        return names[run[0]]
    if len(run) == 2:
        return f"{names[run[0]]}, {names[run[1]]}"
    return f"{names[run[0]]}–{names[run[-1]]}"


def _times(intervals: tuple[Interval, ...]) -> tuple[str, ...]:
    return tuple(interval.label() for interval in intervals)
