"""What the counter console shows: current ticket, waiting lists, today's counts."""

from __future__ import annotations

import uuid

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from kiosk import clock
from kiosk.catalogue.service import active_services
from kiosk.counter.desk import priority_choices, service_choices
from kiosk.counter.forms import CallSpecificForm, DeskTicketForm, ReprintForm, TransferForm
from kiosk.counter.noshow import ticket_history, todays_no_shows
from kiosk.counter.service import current_ticket, list_counters, next_candidate, waiting_tickets
from kiosk.extensions import db
from kiosk.models import Counter, Ticket


def waiting_minutes(ticket: Ticket) -> int:
    """Whole minutes since the number was taken."""
    return max(0, int((clock.now() - ticket.issued_at).total_seconds() // 60))


def waiting_groups(counter: Counter) -> list[dict]:
    """The counter's waiting tickets grouped per service, in queue order."""
    tickets = db.session.scalars(waiting_tickets(counter)).all()
    groups: dict[int, dict] = {}
    for service in counter.services:
        groups[service.id] = {"service": service, "tickets": []}
    direct = {"service": None, "tickets": []}
    for ticket in tickets:
        target = direct if ticket.target_counter_id else groups.get(ticket.queue_service_id)
        if target is not None:
            target["tickets"].append(ticket)
    return ([direct] if direct["tickets"] else []) + list(groups.values())


def today_counts(counter: Counter) -> dict:
    """This counter's done/no-show today and the office's waiting total."""
    today = clock.today()
    rows = dict(
        db.session.execute(
            select(Ticket.state, func.count(Ticket.id))
            .where(Ticket.counter_id == counter.id, Ticket.queue_day == today)
            .group_by(Ticket.state)
        ).all()
    )
    waiting = db.session.scalar(
        select(func.count(Ticket.id)).where(
            Ticket.state == "waiting",
            Ticket.queue_day == today,
            Ticket.office_id == counter.office_id,
        )
    )
    return {
        "done": rows.get("done", 0),
        "no_show": rows.get("no_show", 0),
        "office_waiting": waiting or 0,
    }


def transfer_choices(counter: Counter) -> list[tuple[str, str]]:
    """Targets for "Alihkan": other counters, then every service."""
    choices = [("", _("— pilih tujuan —"))]
    choices += [(f"counter:{c.id}", c.name) for c in list_counters() if c.id != counter.id]
    choices += [(f"service:{s.code}", f"{s.prefix} · {s.text('name')}") for s in active_services()]
    return choices


def desk_ticket_form(form: DeskTicketForm | None = None) -> DeskTicketForm:
    """The "number for a citizen at the desk" form, with a fresh token when newly drawn."""
    form = form or DeskTicketForm(formdata=None, token=uuid.uuid4().hex)
    form.service.choices = service_choices()
    form.priority.choices = priority_choices()
    return form


def waiting_context(counter: Counter) -> dict:
    """What the polled side column shows: waiting lists, today's counts and no-shows."""
    return {
        "counter": counter,
        "groups": waiting_groups(counter),
        "counts": today_counts(counter),
        "no_shows": todays_no_shows(counter),
        "waiting_minutes": waiting_minutes,
    }


def console_context(counter: Counter, **extra) -> dict:
    """Everything the console template needs."""
    current = current_ticket(counter)
    transfer_form = extra.pop("transfer_form", None) or TransferForm(formdata=None)
    transfer_form.target.choices = transfer_choices(counter)
    return {
        **waiting_context(counter),
        "current": current,
        "history": ticket_history(current) if current else [],
        "next_up": next_candidate(counter),
        "no_show_after": int(current_app.config["NO_SHOW_AFTER_RECALLS"]),
        "call_form": extra.pop("call_form", None) or CallSpecificForm(formdata=None),
        "transfer_form": transfer_form,
        "desk_form": desk_ticket_form(extra.pop("desk_form", None)),
        "reprint_form": extra.pop("reprint_form", None) or ReprintForm(formdata=None),
        **extra,
    }
