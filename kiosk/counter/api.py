"""Counters API: list and create counters, call next, recall, start, finish, transfer, break."""

from __future__ import annotations

import marshmallow as ma
from flask import g
from flask_babel import gettext as _
from marshmallow import fields

from kiosk import clock
from kiosk.api import bp
from kiosk.api.fields import StrictBoolean, Text, moment, names, record_id
from kiosk.auth.permissions import Action
from kiosk.counter import service as counters
from kiosk.models import Ticket
from kiosk.status.presenter import ticket_status
from kiosk.status.schemas import TicketSchema

UNKNOWN_COUNTER = {404: "No active counter has this id (error: unknown_counter)"}
NO_CURRENT = "No ticket is called at this counter (no_current_ticket) or it is already "


class StaffTicketSchema(TicketSchema):
    """A ticket as counters see it: where it waits now and who handles it."""

    queue_service = fields.String(
        required=True,
        metadata={
            "description": "The service whose queue it waits in now (changes on transfer; the "
            "number does not)"
        },
    )
    counter = fields.String(required=True, allow_none=True, metadata={"examples": ["Loket 1"]})
    counter_id = fields.Integer(required=True, allow_none=True)
    recalls = fields.Integer(required=True)
    called_at = moment(allow_none=True)


class CounterSchema(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    services = fields.List(fields.String(), required=True)
    on_break = fields.Boolean(required=True)
    current = fields.Nested(StaffTicketSchema, required=True, allow_none=True)


class CounterListSchema(ma.Schema):
    counters = fields.List(fields.Nested(CounterSchema), required=True)


class CounterRequestSchema(ma.Schema):
    name = Text(60, required=True, metadata={"examples": ["Loket 5"]})
    services = names(
        max_length=40,
        required=True,
        metadata={"description": "Service codes the counter calls, e.g. ktp-baru"},
    )


class CallRequestSchema(ma.Schema):
    number = Text(20, required=True, metadata={"description": "A-007 or a tracking code"})
    reason = Text(500, required=True)


class TransferRequestSchema(ma.Schema):
    """Exactly one target: a service code or a counter id (checked by the service)."""

    service = Text(40, blank=False, metadata={"examples": ["kk-baru"]})
    counter = record_id(allow_none=True)


class CallNextRequestSchema(ma.Schema):
    """What happens to the citizen still at the counter before the next one is called."""

    then = fields.String(
        load_default=None,
        validate=ma.validate.OneOf(("finish", "no-show")),
        metadata={
            "description": "Required while a ticket is called or served here: finish it, or "
            "mark it absent (no-show rules apply); without it the call is refused (409)"
        },
    )


class BreakRequestSchema(ma.Schema):
    on_break = StrictBoolean(load_default=True)


def staff_ticket_json(ticket: Ticket) -> dict:
    """A ticket as counters see it: its public status plus queue, counter and recalls."""
    return {
        **ticket_status(ticket),
        "queue_service": ticket.queue_service.code,
        "counter": ticket.counter.name if ticket.counter else None,
        "counter_id": ticket.counter_id,
        "recalls": ticket.recalls,
        "called_at": clock.local(ticket.called_at).isoformat() if ticket.called_at else None,
    }


def counter_json(counter) -> dict:
    """A counter as the API shows it."""
    current = counters.current_ticket(counter)
    return {
        "id": counter.id,
        "name": counter.name,
        "services": [service.code for service in counter.services],
        "on_break": counter.on_break,
        "current": staff_ticket_json(current) if current else None,
    }


@bp.route("/counters", methods=["GET"])
@bp.staff(Action.COUNTERS_READ)
@bp.doc(tags=["counters"])
@bp.response(200, CounterListSchema, description="Counters")
def list_counters():
    """Every active counter with its services and current ticket."""
    return {"counters": [counter_json(c) for c in counters.list_counters()]}


@bp.route("/counters", methods=["POST"], endpoint="create_counter")
@bp.staff(Action.ADMIN_MANAGE)
@bp.doc(tags=["counters"])
@bp.body(CounterRequestSchema)
@bp.response(201, CounterSchema, description="The new counter")
@bp.errors(
    {
        422: "Name missing, too long or taken, or an unknown service code "
        "(error: invalid_field or invalid_counter)"
    }
)
def create_counter(body: dict):
    """Admin only: a new counter {name, services: [codes]}."""
    return counter_json(counters.create_counter(body["name"], body["services"]))


@bp.route("/counters/<id:counter_id>/call-next", methods=["POST"])
@bp.staff(Action.COUNTER_OPERATE)
@bp.doc(tags=["counters"])
@bp.body(CallNextRequestSchema, required=False)
@bp.response(200, StaffTicketSchema, description="The ticket called")
@bp.errors(
    {
        404: 'Nobody waits for this counter: {"error": "queue_empty"}; or no such counter '
        "(error: unknown_counter)",
        409: "The counter is on break (error: counter_on_break); a citizen is still at the "
        "counter and `then` was not given (error: ticket_at_counter); or `then` is no-show "
        "before enough recalls (error: recall_first)",
    }
)
def call_next(body: dict, counter_id: int):
    """Call the next ticket (priority ratio applied). While a citizen is still called or served
    here, `then` says first what happens to them: finish, or no-show; never silently."""
    counter = counters.get_counter(counter_id)
    then = (body or {}).get("then")
    current = counters.current_ticket(counter)
    if current is not None and not counter.on_break:
        if then is None:
            raise counters.TicketAtCounter(
                _(
                    "Nomor %(num)s masih di loket ini. Selesaikan atau tandai tidak hadir dulu "
                    '(then: "finish" atau "no-show").',
                    num=current.label,
                )
            )
        if then == "no-show":
            counters.no_show(counter, g.staff_user)
    return staff_ticket_json(counters.call_next(counter, g.staff_user))


@bp.route("/counters/<id:counter_id>/call", methods=["POST"])
@bp.staff(Action.COUNTER_OPERATE)
@bp.doc(tags=["counters"])
@bp.body(CallRequestSchema)
@bp.response(200, StaffTicketSchema, description="The ticket called")
@bp.errors(
    {
        **UNKNOWN_COUNTER,
        409: "Counter on break (counter_on_break), or the ticket is not waiting today "
        "(wrong_state)",
        422: "number or reason missing or too short (reason_required)",
    }
)
def call_specific(body: dict, counter_id: int):
    """Call one waiting ticket out of order; the reason is logged."""
    counter = counters.get_counter(counter_id)
    ticket = counters.call_specific(counter, body["number"], body["reason"], g.staff_user)
    return staff_ticket_json(ticket)


def _counter_action(name: str, action, summary: str, conflicts: str) -> None:
    """POST /counters/<id>/<name>: `action` on the counter's current ticket."""

    @bp.route(
        f"/counters/<id:counter_id>/{name}",
        methods=["POST"],
        endpoint=f"counter_{name.replace('-', '_')}",
    )
    @bp.staff(Action.COUNTER_OPERATE)
    @bp.doc(tags=["counters"], summary=summary)
    @bp.response(200, StaffTicketSchema, description="The ticket after the action")
    @bp.errors({**UNKNOWN_COUNTER, 409: conflicts})
    def view(counter_id: int):
        return staff_ticket_json(action(counters.get_counter(counter_id), g.staff_user))

    view.__doc__ = summary


_counter_action(
    "recall",
    counters.recall,
    "Call the current ticket again (the display announces it again)",
    NO_CURRENT + "being served (wrong_state)",
)
_counter_action(
    "no-show",
    counters.no_show,
    "Mark the called citizen absent (after NO_SHOW_AFTER_RECALLS recalls)",
    NO_CURRENT + "being served (wrong_state), or not recalled enough times yet (recall_first)",
)
_counter_action(
    "start",
    counters.start,
    "The citizen arrived: service starts",
    NO_CURRENT + "being served (wrong_state)",
)
_counter_action(
    "finish",
    counters.finish,
    "Service done",
    "No ticket is called or served at this counter (no_current_ticket)",
)


@bp.route("/counters/<id:counter_id>/transfer", methods=["POST"])
@bp.staff(Action.COUNTER_OPERATE)
@bp.doc(tags=["counters"])
@bp.body(TransferRequestSchema)
@bp.response(200, StaffTicketSchema, description="The ticket in its new queue")
@bp.errors(
    {
        **UNKNOWN_COUNTER,
        409: "No ticket is called or served at this counter (no_current_ticket)",
        422: "Neither or both of service/counter given, or an unknown target "
        "(error: invalid_transfer or invalid_field)",
    }
)
def transfer(body: dict, counter_id: int):
    """Send the current ticket to {"service": code} or {"counter": id}; the number and its
    place (by issue time) are kept."""
    ticket = counters.transfer(
        counters.get_counter(counter_id),
        service_code=body.get("service"),
        counter_id=body.get("counter"),
        user=g.staff_user,
    )
    return staff_ticket_json(ticket)


@bp.route("/counters/<id:counter_id>/break", methods=["POST"])
@bp.staff(Action.COUNTER_OPERATE)
@bp.doc(tags=["counters"])
@bp.body(BreakRequestSchema, required=False)
@bp.response(200, CounterSchema, description="The counter")
@bp.errors({**UNKNOWN_COUNTER, 409: "A ticket is still called or served here (wrong_state)"})
def counter_break(body: dict, counter_id: int):
    """Put the counter on break {"on_break": true} or back to work {"on_break": false}."""
    counter = counters.set_break(counters.get_counter(counter_id), body["on_break"], g.staff_user)
    return counter_json(counter)
