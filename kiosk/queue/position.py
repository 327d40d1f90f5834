"""Where a ticket stands: people ahead, average service time, estimated call time."""

from __future__ import annotations

import datetime as dt
import statistics

from flask import current_app
from sqlalchemy import func, select

from kiosk import clock
from kiosk.catalogue.service import holiday_dates
from kiosk.extensions import db
from kiosk.models import Service, Ticket


def people_ahead(ticket: Ticket) -> int:
    """Waiting tickets of the same service and day that come before this one."""
    if ticket.state != "waiting":
        return 0
    query = select(func.count(Ticket.id)).where(
        Ticket.service_id == ticket.service_id,
        Ticket.day == ticket.day,
        Ticket.state == "waiting",
        Ticket.id < ticket.id,
    )
    if ticket.priority:
        query = query.where(Ticket.priority.is_(True))
    return db.session.scalar(query) or 0


def average_service_minutes(service: Service, day: dt.date) -> float:
    """Today's mean service time (start → finish), else the last week's, else the default."""
    for since in (day, day - dt.timedelta(days=7)):
        rows = db.session.execute(
            select(Ticket.started_at, Ticket.finished_at).where(
                Ticket.service_id == service.id,
                Ticket.day >= since,
                Ticket.day <= day,
                Ticket.started_at.is_not(None),
                Ticket.finished_at.is_not(None),
            )
        ).all()
        durations = [(end - start).total_seconds() / 60 for start, end in rows if end > start]
        if durations:
            return statistics.fmean(durations)
    return float(current_app.config["DEFAULT_SERVICE_MINUTES"])


def estimate_call_at(ticket: Ticket, ahead: int | None = None) -> dt.datetime | None:
    """Clock time the ticket is likely called, skipping breaks and closed hours."""
    if ticket.state != "waiting":
        return None
    ahead = people_ahead(ticket) if ahead is None else ahead
    remaining = dt.timedelta(minutes=ahead * average_service_minutes(ticket.service, ticket.day))
    moment = clock.now()
    hours = current_app.config["OFFICE"]
    holidays = holiday_dates(moment.date(), days=30)
    for opening in hours.openings_from(moment, holidays):
        length = opening.end - opening.start
        if remaining <= length:
            return opening.start + remaining
        remaining -= length
    return None
