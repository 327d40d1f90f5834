"""No-shows of the day: the list a counter sees, and putting one back in line.

Where a returned ticket waits is the office's choice (`Office.requeue_position`): by the time
its number was taken (its original place), or at the front of its queue. The return is logged
in the append-only queue event log, so the ticket's history shows the no-show and the return.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select, update

from kiosk import clock
from kiosk.counter.service import WrongTicketState, _lock, _log_and_publish
from kiosk.extensions import db
from kiosk.models import Counter, QueueEvent, Ticket, User
from kiosk.offices.requeue import requeue_position
from kiosk.queue.position import place_in_line

# Ahead of everyone waiting: a front return stands this much before the first in line.
FRONT_MARGIN = dt.timedelta(seconds=1)


def todays_no_shows(counter: Counter) -> list[Ticket]:
    """Today's no-shows of the services this counter serves (or marked at this counter),
    the most recent first."""
    service_ids = [service.id for service in counter.services]
    return list(
        db.session.scalars(
            select(Ticket)
            .where(
                Ticket.state == "no_show",
                Ticket.queue_day == clock.today(),
                Ticket.office_id == counter.office_id,
                or_(Ticket.queue_service_id.in_(service_ids), Ticket.counter_id == counter.id),
            )
            .order_by(Ticket.finished_at.desc(), Ticket.id.desc())
        )
    )


def requeue(counter: Counter, ticket_id: int, user: User | None = None) -> Ticket:
    """Put one of today's no-shows back in line, where the office's setting says."""
    _lock(counter)
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None or ticket not in todays_no_shows(counter):
        raise WrongTicketState(_("Nomor ini tidak ada di daftar tidak hadir hari ini."))
    # Its own queue when this counter calls that service; otherwise it waits for this counter.
    served_here = ticket.queue_service_id in {service.id for service in counter.services}
    target_counter_id = None if served_here else counter.id
    front = requeue_position(counter.office_id) == "front"
    line_at = _front_place(ticket, target_counter_id) if front else None
    result = db.session.execute(
        update(Ticket)
        .where(Ticket.id == ticket.id, Ticket.state == "no_show")
        .values(
            state="waiting",
            counter_id=None,
            target_counter_id=target_counter_id,
            recalls=0,
            started_at=None,
            finished_at=None,
            line_at=line_at,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise WrongTicketState(_("Nomor %(num)s sudah dikembalikan.", num=ticket.label))
    if front:
        note = _("Kembali ke antrean paling depan")
    else:
        note = _("Kembali ke antrean sesuai waktu ambil nomor")
    _log_and_publish("requeue", ticket, counter, user, note)
    db.session.refresh(ticket)
    return ticket


def _front_place(ticket: Ticket, target_counter_id: int | None) -> dt.datetime | None:
    """Just before the first ticket waiting in the queue it goes back to (None: nobody waits,
    its original place is already the front)."""
    same_queue = (
        Ticket.target_counter_id == target_counter_id
        if target_counter_id is not None
        else and_(
            Ticket.target_counter_id.is_(None),
            Ticket.queue_service_id == ticket.queue_service_id,
        )
    )
    first = db.session.scalar(
        select(func.min(place_in_line())).where(
            same_queue, Ticket.state == "waiting", Ticket.queue_day == ticket.queue_day
        )
    )
    if first is None:
        return None
    place = first - FRONT_MARGIN
    return min(place, ticket.issued_at)


def ticket_history(ticket: Ticket) -> list[QueueEvent]:
    """Everything counters did with one ticket, oldest first."""
    return list(
        db.session.scalars(
            select(QueueEvent).where(QueueEvent.ticket_id == ticket.id).order_by(QueueEvent.id)
        )
    )
