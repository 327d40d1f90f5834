"""What one printed requirement sheet says: a service's papers in the kiosk's plain words,
grouped the way a citizen prepares them, with the office's next dates for that service."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.models import Requirement, Service
from kiosk.outreach.service import ScheduleEntry, dates_for, upcoming_schedule
from kiosk.queue.labels import time_standard_text


@dataclass(frozen=True)
class PaperLine:
    """One line to prepare: a paper, or alternatives of which any one is enough (`one_of`)."""

    items: tuple[Requirement, ...]

    @property
    def alternatives(self) -> bool:
        return len(self.items) > 1

    @property
    def always_needed(self) -> bool:
        """Needed by everyone: no condition, not optional, no choice (the sheet's tick box)."""
        (first, *rest) = self.items
        return not rest and not first.condition and not first.optional


@dataclass(frozen=True)
class Sheet:
    service: Service
    bring: list[PaperLine]
    made: list[Requirement]
    captured: list[Requirement]
    dates: list[ScheduleEntry]
    time_main: str  # "14 hari kerja", or the first sentence of a "no promise" note
    time_note: str  # the rest, in small print


def time_words(service: Service, lang: str) -> tuple[str, str]:
    """The time standard in big words and its note in small ones. A service that cannot
    promise a time says so in its note's first sentence: that sentence is the big words."""
    note = service.text("time_note", lang)
    if service.time_standard_days is not None or not note:
        return time_standard_text(service, lang), note
    first, stop, rest = note.partition(". ")
    return (first + "." if stop else first), rest


def paper_lines(requirements: list[Requirement]) -> list[PaperLine]:
    """Papers to bring in catalogue order; alternatives together, where the first one stands."""
    lines: list[list[Requirement]] = []
    groups: dict[str, list[Requirement]] = {}
    for item in requirements:
        if item.kind != "bring":
            continue
        if item.one_of and item.one_of in groups:
            groups[item.one_of].append(item)
            continue
        line = [item]
        if item.one_of:
            groups[item.one_of] = line
        lines.append(line)
    return [PaperLine(tuple(line)) for line in lines]


def build_sheet(
    service: Service, lang: str = "id", schedule: list[ScheduleEntry] | None = None
) -> Sheet:
    """The sheet of one service, with its next dates from `schedule` (default: the office's
    coming dates; pass it in when printing many sheets at once)."""
    requirements = list(service.requirements)
    time_main, time_note = time_words(service, lang)
    return Sheet(
        service=service,
        bring=paper_lines(requirements),
        made=[item for item in requirements if item.kind == "made"],
        captured=[item for item in requirements if item.kind == "captured"],
        dates=dates_for(upcoming_schedule() if schedule is None else schedule, service.code),
        time_main=time_main,
        time_note=time_note,
    )
