"""The day's numbers: tickets per service, waiting and service times, no-shows, per counter."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import Counter, Office, Ticket
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


def day_statistics(
    day: dt.date | None = None, office_ids: Sequence[int] | None = None
) -> DayStatistics:
    """Figures for the tickets queued on `day` (default today) in the current office, or in
    `office_ids` (a regency view): a service's rows of several offices add up, counters are
    named with their office."""
    day = day or clock.today()
    office_ids = list(office_ids or [current_office().id])
    names = _counter_names(office_ids)
    tickets = db.session.scalars(
        select(Ticket)
        .where(Ticket.queue_day == day, Ticket.office_id.in_(office_ids))
        .options(selectinload(Ticket.queue_service))
    ).all()
    total = Figures("Total")
    services: dict[str, Figures] = {}
    counters = {counter_id: Figures(name) for counter_id, (name, active) in names.items() if active}
    for ticket in tickets:
        total.add(ticket)
        service = ticket.queue_service
        label = f"{service.prefix} · {service.text('name')}"
        services.setdefault(service.code, Figures(label)).add(ticket)
        if ticket.counter_id is not None:
            name = names[ticket.counter_id][0]
            counters.setdefault(ticket.counter_id, Figures(name)).add(ticket)
    return DayStatistics(
        day,
        total,
        sorted(services.values(), key=lambda row: row.label),
        sorted(counters.values(), key=lambda row: row.label),
    )


def _counter_names(office_ids: list[int]) -> dict[int, tuple[str, bool]]:
    """{counter id: (name, active)}; with several offices the name says whose counter it is."""
    query = (
        select(Counter.id, Counter.name, Counter.active, Office.name)
        .join(Office, Office.id == Counter.office_id)
        .where(Counter.office_id.in_(office_ids))
    )
    several = len(office_ids) > 1
    return {
        counter_id: (f"{office} · {name}" if several else name, bool(active))
        for counter_id, name, active, office in db.session.execute(query)
    }


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
