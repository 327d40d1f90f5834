"""Staff API: bearer tokens, counters and their actions, the display state."""

from __future__ import annotations

from flask import g, jsonify, request

from kiosk.api import bp
from kiosk.api.schemas import (
    boolean_field,
    id_field,
    json_object,
    staff_ticket_json,
    string_field,
    string_list,
)
from kiosk.auth import accounts
from kiosk.auth.guards import api_auth
from kiosk.auth.permissions import Action, allowed
from kiosk.auth.service import authenticate, issue_token
from kiosk.counter import service as counters
from kiosk.display.state import board_state

ACTIONS = {
    "recall": counters.recall,
    "no-show": counters.no_show,
    "start": counters.start,
    "finish": counters.finish,
}


@bp.post("/auth/token")
def token():
    """Exchange a username and password for a bearer token."""
    body = json_object(request)
    user = authenticate(string_field(body, "username"), string_field(body, "password"))
    value, record = issue_token(user)
    return jsonify(
        id=record.id,
        token=value,
        token_type="Bearer",
        role=user.role,
        expires_at=record.expires_at.isoformat(),
    )


@bp.get("/auth/tokens")
@api_auth(Action.ACCOUNT_SELF)
def list_tokens():
    """Live API tokens: the caller's own, or everyone's for an admin."""
    owner = None if allowed(g.staff_user, Action.ADMIN_MANAGE) else g.staff_user
    return jsonify(tokens=[token_json(t) for t in accounts.live_tokens(owner)])


@bp.delete("/auth/tokens/<id:token_id>")
@api_auth(Action.ACCOUNT_SELF)
def revoke_token(token_id: int):
    """Revoke a token (own, or any for an admin): 204, or 404 when unknown or not yours."""
    accounts.revoke_token(token_id, g.staff_user)
    return "", 204


def token_json(record) -> dict:
    """A token as the API lists it (never the token itself: only its hash is stored)."""
    return {
        "id": record.id,
        "username": record.user.username,
        "created_at": record.created_at.isoformat(),
        "expires_at": record.expires_at.isoformat(),
    }


@bp.get("/counters")
@api_auth(Action.COUNTERS_READ)
def list_counters():
    """Every active counter with its services and current ticket."""
    return jsonify(counters=[counter_json(c) for c in counters.list_counters()])


@bp.post("/counters")
@api_auth(Action.ADMIN_MANAGE)
def create_counter():
    """Admin only: a new counter {name, services: [codes]}."""
    body = json_object(request)
    services = string_list(body, "services", required=True, max_length=40)
    counter = counters.create_counter(string_field(body, "name", max_length=60), services)
    return jsonify(counter_json(counter)), 201


@bp.post("/counters/<id:counter_id>/call-next")
@api_auth(Action.COUNTER_OPERATE)
def call_next(counter_id: int):
    """Call the next ticket: 200 with it, or 404 {"error": "queue_empty"}."""
    ticket = counters.call_next(counters.get_counter(counter_id), g.staff_user)
    return jsonify(staff_ticket_json(ticket))


@bp.post("/counters/<id:counter_id>/call")
@api_auth(Action.COUNTER_OPERATE)
def call_specific(counter_id: int):
    """Call one ticket out of order: {number, reason}; the reason is logged."""
    body = json_object(request)
    ticket = counters.call_specific(
        counters.get_counter(counter_id),
        string_field(body, "number", max_length=20),
        string_field(body, "reason", max_length=500),
        g.staff_user,
    )
    return jsonify(staff_ticket_json(ticket))


def _counter_action(action: str):
    @api_auth(Action.COUNTER_OPERATE)
    def view(counter_id: int):
        ticket = ACTIONS[action](counters.get_counter(counter_id), g.staff_user)
        return jsonify(staff_ticket_json(ticket))

    view.__doc__ = f"{action} the counter's current ticket."
    return view


for _action in ACTIONS:
    bp.add_url_rule(
        f"/counters/<id:counter_id>/{_action}",
        endpoint=f"counter_{_action.replace('-', '_')}",
        view_func=_counter_action(_action),
        methods=["POST"],
    )


@bp.post("/counters/<id:counter_id>/transfer")
@api_auth(Action.COUNTER_OPERATE)
def transfer(counter_id: int):
    """Send the current ticket to {"service": code} or {"counter": id}; the number is kept."""
    body = json_object(request)
    ticket = counters.transfer(
        counters.get_counter(counter_id),
        service_code=string_field(body, "service", required=False, max_length=40),
        counter_id=id_field(body, "counter"),
        user=g.staff_user,
    )
    return jsonify(staff_ticket_json(ticket))


@bp.post("/counters/<id:counter_id>/break")
@api_auth(Action.COUNTER_OPERATE)
def counter_break(counter_id: int):
    """Put the counter on break {"on_break": true} or back to work {"on_break": false}."""
    body = json_object(request, optional=True)
    on_break = boolean_field(body, "on_break", True)
    counter = counters.set_break(counters.get_counter(counter_id), on_break, g.staff_user)
    return jsonify(counter_json(counter))


@bp.get("/display/state")
def display_state():
    """What the waiting-room display shows (numbers and counters only, no names)."""
    return jsonify(board_state())


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
