"""Tickets API: take a number, and a ticket's place in line by its tracking code."""

from __future__ import annotations

import marshmallow as ma
from flask import jsonify, request, url_for
from flask_babel import gettext as _
from marshmallow import fields

from kiosk.api import bp
from kiosk.api.errors import ApiError
from kiosk.api.fields import StrictBoolean, Text
from kiosk.auth.permissions import Action, allowed
from kiosk.devices.kiosk import Issuer, KioskNotPaired, issuer
from kiosk.extensions import status_rate_limit, ticket_rate_limit
from kiosk.offices.current import current_office
from kiosk.printing.places import OFFICE_KIOSK_PRINTER
from kiosk.queue.service import PRIORITY_REASONS, REQUEST_TOKEN_MAX, find_ticket, issue_ticket
from kiosk.status.presenter import ticket_status
from kiosk.status.schemas import TicketSchema
from kiosk.sync.ledger import Answer, run_once, scoped_token
from kiosk.tracking import normalise


class TicketRequestSchema(ma.Schema):
    """POST /tickets: which service, and whether the priority lane."""

    service = Text(40, required=True, metadata={"description": "Service code, e.g. ktp-baru"})
    priority = StrictBoolean(load_default=False)
    priority_reason = fields.String(
        allow_none=True, load_default=None, validate=ma.validate.OneOf(PRIORITY_REASONS)
    )
    request_token = fields.String(
        allow_none=True,
        load_default=None,
        validate=ma.validate.Length(min=1, max=REQUEST_TOKEN_MAX),
        metadata={"description": "Same token, same ticket (or the Idempotency-Key header)"},
    )


class IdempotencyHeaders(ma.Schema):
    """The Idempotency-Key header: a resend with the same key gets the same answer."""

    class Meta:
        unknown = ma.EXCLUDE

    key = fields.String(
        data_key="Idempotency-Key",
        load_default=None,
        validate=ma.validate.Length(min=1, max=REQUEST_TOKEN_MAX),
        metadata={"description": "Same key, same ticket (double taps)."},
    )


@bp.route("/tickets", methods=["POST"])
@bp.public
@bp.doc(tags=["tickets"])
@ticket_rate_limit()
@bp.arguments(IdempotencyHeaders, location="headers", as_kwargs=True)
@bp.body(TicketRequestSchema)
@bp.response(201, TicketSchema, description="Ticket issued")
@bp.errors(
    {
        403: "Not a paired kiosk, and the office gives no numbers to phones (error: "
        "kiosk_not_paired). A paired kiosk's ticket prints on its printer; a phone's (when "
        "the office allows phone tickets) is never printed (source: phone); a staff member "
        "with the desk action (bearer token) may always issue.",
        409: "Office closed (opens_at given), daily quota reached, or the Idempotency-Key was "
        "used for another request (error: idempotency_conflict)",
        429: "Too many tickets from this client (TICKET_RATE_LIMIT)",
    }
)
def create_ticket(data: dict, key: str | None):
    """Issue a ticket: 201 with the number, place in line and tracking code. With an
    Idempotency-Key (or request_token) a resend gets the stored answer, another request 409."""
    token = data.pop("request_token")
    key = token if token is not None else key
    issuing = _issuer()

    def issue(token: str | None = None) -> tuple[int, dict]:
        ticket = issue_ticket(
            data["service"],
            priority=data["priority"],
            priority_reason=data["priority_reason"],
            request_token=token,
            source=issuing.source,
            printer=issuing.printer,
        )
        return 201, ticket_status(ticket)

    if key is None:
        answer = Answer(*issue())
    else:
        # Keys are one office's: a kiosk of another office behind the same address is
        # another client, so its key never replays this office's ticket.
        client = f"{current_office().id}:{request.remote_addr or '-'}"
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


def _issuer() -> Issuer:
    """A paired kiosk or a phone (see devices.kiosk); else a desk officer's bearer token."""
    try:
        return issuer(kiosk_source="api")
    except KioskNotPaired:
        if allowed(_bearer_user(), Action.COUNTER_OPERATE):
            return Issuer("api", OFFICE_KIOSK_PRINTER)
        raise


def _bearer_user():
    from kiosk.auth.service import user_for_token

    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return user_for_token(token.strip()) if scheme.lower() == "bearer" else None


@bp.route("/tickets/<tracking_code>", methods=["GET"])
@bp.public
@bp.doc(tags=["tickets"])
@status_rate_limit()
@bp.response(200, TicketSchema, description="The ticket's place in line")
@bp.errors(
    {
        400: "Malformed tracking code (error: invalid_tracking_code)",
        404: "Unknown tracking code (error: not_found)",
        429: "Too many lookups from this client (STATUS_RATE_LIMIT)",
    }
)
def get_ticket(tracking_code: str):
    """A ticket's place in line by its tracking code (case-insensitive; no personal data)."""
    canonical = normalise(tracking_code)
    if canonical is None:
        raise ApiError("invalid_tracking_code", _("Kode lacak tidak sah."), 400)
    ticket = find_ticket(canonical)
    if ticket is None:
        raise ApiError("not_found", _("Tidak ada antrean dengan kode lacak ini."), 404)
    return ticket_status(ticket)
