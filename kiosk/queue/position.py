"""Where a ticket stands: people ahead, average service time, estimated call time."""

from __future__ import annotations

import datetime as dt
import functools
import statistics
import weakref

from flask import current_app
from sqlalchemy import and_, bindparam, func, or_, select

from kiosk import cache, clock
from kiosk.catalogue.service import holiday_dates
from kiosk.display import bus
from kiosk.extensions import db
from kiosk.models import Counter, Service, Ticket, counter_service
from kiosk.offices.current import current_office

_KNOWN = "_known_position"  # a plain attribute on the Ticket instance, not a column


def place_in_line():
    """The column expression queues are ordered by: when the number was taken, unless the
    ticket was put back in line somewhere else (`line_at`)."""
    return func.coalesce(Ticket.line_at, Ticket.issued_at)


def remember_position(ticket: Ticket, ahead: int, estimate: dt.datetime | None) -> None:
    """Keep the place in line just computed for `ticket`, so the same request (the answer, the
    receipt) does not count it again. It holds within the session's current transaction and
    until the next call, transfer or other queue change in this process (a waking display bus
    notice); new tickets never come before it."""
    transaction = db.session().get_transaction()
    if transaction is not None:
        known = (weakref.ref(transaction), bus.generation(), ahead, estimate)
        setattr(ticket, _KNOWN, known)


def _known(ticket: Ticket) -> tuple[int, dt.datetime | None] | None:
    known = getattr(ticket, _KNOWN, None)
    if known is None:
        return None
    transaction, generation, ahead, estimate = known
    if transaction() is not db.session().get_transaction() or generation != bus.generation():
        return None
    return ahead, estimate


def people_ahead(ticket: Ticket) -> int:
    """Waiting tickets in the same queue (service or counter, day) that come before this one.

    Queues are ordered by the time the number was taken, so a transferred or carried-over
    ticket keeps its place (a no-show put back at the front stands where `line_at` says).
    """
    if ticket.state != "waiting":
        return 0
    known = _known(ticket)
    if known is not None:
        return known[0]
    statement = _ahead_statement(ticket.target_counter_id is not None, bool(ticket.priority))
    parameters = {
        "counter": ticket.target_counter_id,
        "service": ticket.queue_service_id,
        "day": ticket.queue_day,
        "place": ticket.line_at or ticket.issued_at,
        "id": ticket.id,
    }
    return db.session.scalar(statement, parameters) or 0


@functools.cache
def _ahead_statement(at_counter: bool, priority: bool):
    """people_ahead's count, built once per kind of queue: building cost more than running."""
    same_queue = (
        Ticket.target_counter_id == bindparam("counter")
        if at_counter
        else and_(
            Ticket.target_counter_id.is_(None),
            Ticket.queue_service_id == bindparam("service"),
        )
    )
    query = select(func.count(Ticket.id)).where(
        same_queue,
        Ticket.queue_day == bindparam("day"),
        Ticket.state == "waiting",
        or_(
            place_in_line() < bindparam("place"),
            and_(place_in_line() == bindparam("place"), Ticket.id < bindparam("id")),
        ),
    )
    if priority:
        query = query.where(Ticket.priority.is_(True))
    return query


# How long an estimate's inputs may be reused in this process (kiosk.cache; none in tests).
AVERAGE_TTL_SECONDS = 30.0
COUNTERS_TTL_SECONDS = 5.0


def average_service_minutes(service: Service, day: dt.date) -> float:
    """Today's mean service time (start → finish), else the last week's, else the default."""
    return cache.memo(
        "average_service_minutes",
        (service.id, day),
        AVERAGE_TTL_SECONDS,
        lambda: _average_service_minutes(service, day),
    )


def _average_service_minutes(service: Service, day: dt.date) -> float:
    rows = db.session.execute(  # one query: the week's rows, today's among them
        select(Ticket.day, Ticket.started_at, Ticket.finished_at).where(
            Ticket.service_id == service.id,
            Ticket.day >= day - dt.timedelta(days=7),
            Ticket.day <= day,
            Ticket.started_at.is_not(None),
            Ticket.finished_at.is_not(None),
        )
    ).all()
    week = [(when, (end - start).total_seconds() / 60) for when, start, end in rows if end > start]
    today = [minutes for when, minutes in week if when == day]
    for durations in (today, [minutes for _, minutes in week]):
        if durations:
            return statistics.fmean(durations)
    return float(current_app.config["DEFAULT_SERVICE_MINUTES"])


def counters_serving(ticket: Ticket) -> int:
    """How many working counters call this ticket's queue (at least 1 for the estimate)."""
    if ticket.target_counter_id is not None:
        return 1
    service_id = ticket.queue_service_id
    return cache.memo(
        "counters_serving", service_id, COUNTERS_TTL_SECONDS, lambda: _counters_serving(service_id)
    )


def _counters_serving(service_id: int) -> int:
    count = db.session.scalar(
        select(func.count(Counter.id))
        .join(counter_service, counter_service.c.counter_id == Counter.id)
        .where(
            counter_service.c.service_id == service_id,
            Counter.active.is_(True),
            Counter.on_break.is_(False),
        )
    )
    return max(1, count or 0)


def estimate_call_at(ticket: Ticket, ahead: int | None = None) -> dt.datetime | None:
    """Clock time the ticket is likely called, skipping breaks and closed hours."""
    if ticket.state != "waiting":
        return None
    ahead = people_ahead(ticket) if ahead is None else ahead
    known = _known(ticket)
    if known is not None and known[0] == ahead:
        return known[1]
    minutes = ahead * average_service_minutes(ticket.queue_service, ticket.queue_day)
    remaining = dt.timedelta(minutes=minutes / counters_serving(ticket))
    moment = clock.now()
    hours = current_office().hours
    holidays = () if hours.always else holiday_dates(moment.date(), days=30)
    for opening in hours.openings_from(moment, holidays):
        length = opening.end - opening.start
        if remaining <= length:
            return opening.start + remaining
        remaining -= length
    return None
