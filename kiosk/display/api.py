"""Display API: what the waiting-room board shows (numbers and counters, never a name)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from kiosk.api import bp
from kiosk.api.fields import moment
from kiosk.display.state import board_state


class CurrentTicketSchema(ma.Schema):
    number = fields.String(required=True)
    service = fields.String(required=True)
    state = fields.String(required=True, validate=ma.validate.OneOf(["called", "serving"]))


class BoardCounterSchema(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    on_break = fields.Boolean(required=True)
    current = fields.Nested(CurrentTicketSchema, required=True, allow_none=True)


class CallSchema(ma.Schema):
    id = fields.Integer(required=True, metadata={"description": "Queue event id (orders calls)"})
    kind = fields.String(required=True, validate=ma.validate.OneOf(["call", "recall"]))
    number = fields.String(required=True)
    service = fields.String()
    service_name = fields.String()
    counter = fields.String(required=True)
    counter_id = fields.Integer()
    at = moment(required=True)


class WaitingSchema(ma.Schema):
    service = fields.String(required=True)
    prefix = fields.String(required=True)
    name = fields.String()
    count = fields.Integer(required=True)


class DisplayStateSchema(ma.Schema):
    """Numbers, services and counter names only: never a name or NIK."""

    office_name = fields.String(required=True)
    notice = fields.String(required=True)
    counters = fields.List(fields.Nested(BoardCounterSchema), required=True)
    latest = fields.Nested(
        CallSchema,
        allow_none=True,
        metadata={"description": "The newest call or recall today (null before the first)"},
    )
    recent_calls = fields.List(fields.Nested(CallSchema), required=True)
    waiting = fields.List(fields.Nested(WaitingSchema), required=True)
    last_event_id = fields.Integer()


@bp.route("/display/state", methods=["GET"])
@bp.public
@bp.doc(tags=["display"])
@bp.response(200, DisplayStateSchema, description="The board")
def display_state():
    """What the waiting-room display shows (numbers and counters only, no names)."""
    return board_state()
