"""What the waiting-room board shows: current calls per counter, recent calls, waiting counts.

Only numbers, services and counter names: never a citizen's name or NIK.
"""

from __future__ import annotations

import datetime as dt
import re

from flask import current_app
from sqlalchemy import func, select

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import Counter, QueueEvent, Service, Setting, Ticket
from kiosk.offices.current import current_office

NOTICE_KEY = "display_notice"


def call_json(event: QueueEvent) -> dict:
    """One call as the display stream and the API carry it."""
    ticket, counter = event.ticket, event.counter
    return {
        "id": event.id,
        "kind": event.kind,
        "number": ticket.label,
        "service": ticket.queue_service.code,
        "service_name": ticket.queue_service.text("name"),
        "counter": counter.name,
        "counter_id": counter.id,
        "at": clock.local(event.created_at).isoformat(),
    }


def calls_after(last_id: int, limit: int = 50) -> list[QueueEvent]:
    """Call and recall events after `last_id`, oldest first."""
    return list(
        db.session.scalars(
            select(QueueEvent)
            .join(Counter, QueueEvent.counter_id == Counter.id)
            .where(QueueEvent.id > last_id, QueueEvent.kind.in_(("call", "recall")))
            .where(Counter.office_id == current_office().id)
            .order_by(QueueEvent.id)
            .limit(limit)
        )
    )


def last_event_id() -> int:
    """The newest queue event id: a fresh display starts after it (no replay)."""
    return db.session.scalar(select(func.max(QueueEvent.id))) or 0


def last_event_before(moment: dt.datetime) -> int:
    """The newest queue event id created before `moment` (0 if none)."""
    return (
        db.session.scalar(select(func.max(QueueEvent.id)).where(QueueEvent.created_at < moment))
        or 0
    )


def board_fingerprint() -> tuple:
    """Changes whenever the board would look different (new ticket, event, counter, notice,
    or a new day)."""
    office_id = current_office().id
    newest_ticket = (
        db.session.scalar(select(func.max(Ticket.id)).where(Ticket.office_id == office_id)) or 0
    )
    counters = db.session.execute(
        select(func.count(Counter.id), func.max(Counter.id)).where(
            Counter.active.is_(True), Counter.office_id == office_id
        )
    ).one()
    return last_event_id(), newest_ticket, tuple(counters), notice(), clock.today()


def notice() -> str:
    """The admin's notice line for the display."""
    setting = db.session.get(Setting, (current_office().id, NOTICE_KEY))
    return setting.value if setting else ""


def set_notice(text: str) -> str:
    """Change the notice line (empty removes it)."""
    from kiosk.display import bus

    text = " ".join((text or "").split())[:200]
    office_id = current_office().id
    setting = db.session.get(Setting, (office_id, NOTICE_KEY))
    setting = setting or Setting(office_id=office_id, key=NOTICE_KEY)
    setting.value = text
    setting.updated_at = clock.now()
    db.session.add(setting)
    db.session.commit()
    bus.notify()
    return text


def board_state() -> dict:
    """Everything the board shows, as plain data (rendered to HTML or JSON)."""
    today = clock.today()
    office_id = current_office().id
    counters = sorted(
        db.session.scalars(
            select(Counter).where(Counter.active.is_(True), Counter.office_id == office_id)
        ),
        key=lambda counter: _natural_key(counter.name),
    )
    current = {
        ticket.counter_id: ticket
        for ticket in db.session.scalars(
            select(Ticket)
            .where(Ticket.state.in_(("called", "serving")), Ticket.counter_id.is_not(None))
            .where(Ticket.office_id == office_id)
            .order_by(Ticket.called_at)
        )
    }
    waiting = db.session.execute(
        select(Service, func.count(Ticket.id))
        .join(Ticket, Ticket.queue_service_id == Service.id)
        .where(Ticket.state == "waiting", Ticket.queue_day == today)
        .where(Ticket.office_id == office_id)
        .group_by(Service.id)
        .order_by(Service.prefix)
    ).all()
    recent_events = db.session.scalars(
        select(QueueEvent)
        .join(Counter, QueueEvent.counter_id == Counter.id)
        .where(QueueEvent.kind == "call", QueueEvent.created_at >= _midnight())
        .where(Counter.office_id == office_id)
        .order_by(QueueEvent.id.desc())
        .limit(int(current_app.config["DISPLAY_RECENT_CALLS"]))
    ).all()
    latest = db.session.scalar(
        select(QueueEvent)
        .join(Counter, QueueEvent.counter_id == Counter.id)
        .where(QueueEvent.kind.in_(("call", "recall")), QueueEvent.created_at >= _midnight())
        .where(Counter.office_id == office_id)
        .order_by(QueueEvent.id.desc())
        .limit(1)
    )
    return {
        "office_name": current_office().name,
        "notice": notice(),
        "counters": [
            {
                "id": counter.id,
                "name": counter.name,
                "on_break": counter.on_break,
                "current": _ticket_brief(current.get(counter.id)),
            }
            for counter in counters
        ],
        "latest": call_json(latest) if latest else None,
        "recent_calls": [call_json(event) for event in recent_events],
        "waiting": [
            {
                "service": service.code,
                "prefix": service.prefix,
                "name": service.text("name"),
                "count": count,
            }
            for service, count in waiting
        ],
        "last_event_id": last_event_id(),
    }


def _natural_key(name: str) -> list:
    """Loket 2 before Loket 10."""
    return [int(part) if part.isdecimal() else part.lower() for part in re.split(r"(\d+)", name)]


def _ticket_brief(ticket: Ticket | None) -> dict | None:
    if ticket is None:
        return None
    return {"number": ticket.label, "service": ticket.queue_service.code, "state": ticket.state}


def _midnight():
    return clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
