"""The day's numbers: tickets per service, waiting and service times, no-shows, per counter."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import Counter, Ticket
from kiosk.offices.current import current_office


@dataclass
class Figures:
    """Counts and timings for one row of the report (a service, a counter, or the total)."""

    label: str
    issued: int = 0
    waiting: int = 0
    done: int = 0
    no_show: int = 0
    waits: list[float] = field(default_factory=list, repr=False)
    services: list[float] = field(default_factory=list, repr=False)

    def add(self, ticket: Ticket) -> None:
        self.issued += 1
        self.waiting += ticket.state == "waiting"
        self.done += ticket.state == "done"
        self.no_show += ticket.state == "no_show"
        if ticket.called_at:
            self.waits.append(_minutes(ticket.issued_at, ticket.called_at))
        if ticket.started_at and ticket.finished_at and ticket.state == "done":
            self.services.append(_minutes(ticket.started_at, ticket.finished_at))

    @property
    def avg_wait(self) -> float | None:
        return _mean(self.waits)

    @property
    def p90_wait(self) -> float | None:
        return percentile(self.waits, 90)

    @property
    def avg_service(self) -> float | None:
        return _mean(self.services)

    @property
    def p90_service(self) -> float | None:
        return percentile(self.services, 90)

    @property
    def no_show_rate(self) -> float | None:
        ended = self.done + self.no_show
        return self.no_show / ended if ended else None

    def as_dict(self) -> dict:
        """JSON-friendly figures, minutes rounded to one decimal."""
        return {
            "label": self.label,
            "issued": self.issued,
            "waiting": self.waiting,
            "done": self.done,
            "no_show": self.no_show,
            "avg_wait_minutes": _round(self.avg_wait),
            "p90_wait_minutes": _round(self.p90_wait),
            "avg_service_minutes": _round(self.avg_service),
            "p90_service_minutes": _round(self.p90_service),
            "no_show_rate": _round(self.no_show_rate, 3),
        }


@dataclass
class DayStatistics:
    """The report for one day."""

    day: dt.date
    total: Figures
    by_service: list[Figures]
    by_counter: list[Figures]

    def as_dict(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "total": self.total.as_dict(),
            "services": [row.as_dict() for row in self.by_service],
            "counters": [row.as_dict() for row in self.by_counter],
        }


def day_statistics(day: dt.date | None = None) -> DayStatistics:
    """Figures for the tickets queued on `day` (default today)."""
    day = day or clock.today()
    tickets = db.session.scalars(
        select(Ticket)
        .where(Ticket.queue_day == day, Ticket.office_id == current_office().id)
        .options(selectinload(Ticket.queue_service), selectinload(Ticket.counter))
    ).all()
    total = Figures("Total")
    services: dict[int, Figures] = {}
    counters: dict[int, Figures] = {
        counter.id: Figures(counter.name)
        for counter in db.session.scalars(
            select(Counter).where(
                Counter.active.is_(True), Counter.office_id == current_office().id
            )
        )
    }
    for ticket in tickets:
        total.add(ticket)
        service = ticket.queue_service
        services.setdefault(service.id, Figures(f"{service.prefix} · {service.text('name')}")).add(
            ticket
        )
        if ticket.counter_id is not None:
            counters.setdefault(ticket.counter_id, Figures(ticket.counter.name)).add(ticket)
    return DayStatistics(
        day,
        total,
        sorted(services.values(), key=lambda row: row.label),
        sorted(counters.values(), key=lambda row: row.label),
    )


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile (p90 of 10 values is the 9th smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def _minutes(start: dt.datetime, end: dt.datetime) -> float:
    return max(0.0, (end - start).total_seconds() / 60)


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)
