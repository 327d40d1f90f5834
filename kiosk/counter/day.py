"""End of the day: waiting tickets are carried to the next opening or closed with a reason."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import clock
from kiosk.catalogue.service import holiday_dates
from kiosk.counter.service import ReasonRequired, _record
from kiosk.display import bus
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import Ticket, User
from kiosk.offices.current import current_office


class NoNextOpening(DomainError):
    code = "no_next_opening"
    status = 409


def still_waiting(day: dt.date | None = None) -> list[Ticket]:
    """Tickets still waiting for `day` (default today), oldest first."""
    day = day or clock.today()
    return list(
        db.session.scalars(
            select(Ticket)
            .where(
                Ticket.state == "waiting",
                Ticket.queue_day <= day,
                Ticket.office_id == current_office().id,
            )
            .order_by(Ticket.issued_at, Ticket.id)
        )
    )


def next_opening_day(after: dt.date) -> dt.date:
    """The first day after `after` on which the office opens."""
    office = current_office()
    tz, hours = office.tz, office.hours
    moment = dt.datetime.combine(after + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz)
    opening = next(iter(hours.openings_from(moment, holiday_dates(after, days=60), days=60)), None)
    if opening is None:
        raise NoNextOpening(_("Jam buka berikutnya tidak ditemukan di pengaturan."))
    return opening.start.astimezone(tz).date()


def carry_over(user: User | None = None) -> tuple[int, dt.date]:
    """Move today's waiting tickets to the next opening day; they keep number and place."""
    today = clock.today()
    target = next_opening_day(today)
    tickets = still_waiting(today)
    for ticket in tickets:
        ticket.queue_day = target
        _record("carry", ticket, None, user, _("Dibawa ke %(day)s", day=target.isoformat()))
    db.session.commit()
    bus.notify()
    return len(tickets), target


def close_waiting(reason: str, user: User | None = None) -> int:
    """Close today's waiting tickets with a reason the citizen can be told."""
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ReasonRequired(_("Tulis alasan menutup antrean yang tersisa."))
    tickets = still_waiting()
    for ticket in tickets:
        ticket.state = "closed"
        ticket.closed_reason = reason
        _record("close", ticket, None, user, reason)
    db.session.commit()
    bus.notify()
    return len(tickets)
