"""API views: parse JSON, call the queue service, answer JSON."""

from __future__ import annotations

from flask import jsonify, request, url_for

from kiosk.api import bp
from kiosk.api.openapi import spec
from kiosk.api.schemas import (
    ApiError,
    parse_ticket_request,
    service_json,
    ticket_json,
)
from kiosk.catalogue.service import active_services
from kiosk.extensions import status_rate_limit, ticket_rate_limit
from kiosk.queue.service import find_ticket, issue_ticket
from kiosk.sync.ledger import Answer, run_once, scoped_token
from kiosk.tracking import normalise


@bp.get("/services")
def services():
    """Every active service with its requirements, fee and time standard."""
    lang = request.args.get("lang", "id")
    return jsonify({"services": [service_json(s, lang) for s in active_services()]})


@bp.post("/tickets")
@ticket_rate_limit()
def create_ticket():
    """Issue a ticket: 201 with the number, place in line and tracking code. With an
    Idempotency-Key (or request_token) a resend gets the stored answer, another request 409."""
    data = parse_ticket_request(request)
    key = data.pop("request_token")

    def issue(token: str | None = None) -> tuple[int, dict]:
        ticket = issue_ticket(
            data["service"],
            priority=data["priority"],
            priority_reason=data["priority_reason"],
            request_token=token,
            source="api",
        )
        return 201, ticket_json(ticket)

    if key is None:
        answer = Answer(*issue())
    else:
        client = request.remote_addr or "-"
        signed = ("POST", request.path, data)
        answer = run_once(client, key, signed, lambda: issue(scoped_token(client, key)))
    response = jsonify(answer.body)
    response.status_code = answer.status
    response.headers["Location"] = url_for(
        ".get_ticket", tracking_code=answer.body["tracking_code"]
    )
    if answer.replayed:
        response.headers["Idempotent-Replay"] = "true"
    return response


@bp.get("/tickets/<tracking_code>")
@status_rate_limit()
def get_ticket(tracking_code: str):
    """A ticket's place in line by its tracking code (no personal data)."""
    canonical = normalise(tracking_code)
    if canonical is None:
        raise ApiError("invalid_tracking_code", "The tracking code is malformed.", 400)
    ticket = find_ticket(canonical)
    if ticket is None:
        raise ApiError("not_found", "No ticket has this tracking code.", 404)
    return jsonify(ticket_json(ticket))


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(spec())
