"""Schemas of the public status of a ticket and of a file (the presenter's output)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from kiosk.api.fields import day, moment
from kiosk.models import Ticket


class TicketSchema(ma.Schema):
    """A ticket as the public sees it: never a name or NIK (a ticket carries none)."""

    number = fields.String(required=True, metadata={"examples": ["A-007"]})
    service = fields.String(required=True)
    service_name = fields.String()
    priority = fields.Boolean()
    priority_reason = fields.String(allow_none=True)
    state = fields.String(validate=ma.validate.OneOf(Ticket.STATES))
    issued_at = moment(required=True)
    people_ahead = fields.Integer(required=True)
    estimated_call_at = moment(required=True, allow_none=True)
    tracking_code = fields.String(required=True, metadata={"examples": ["K7QM-2XPA-9RY"]})
    status_url = fields.String(required=True, metadata={"format": "uri"})


class TimelineStepSchema(ma.Schema):
    status = fields.String()
    label = fields.String()
    on = day()


class FileStatusSchema(ma.Schema):
    """What a citizen may see of a file: a masked name, never the NIK or address."""

    tracking_code = fields.String(required=True)
    service = fields.String(required=True)
    service_name = fields.String()
    applicant = fields.String(required=True, metadata={"examples": ["S***i W."]})
    status = fields.String(required=True)
    status_label = fields.String(required=True)
    next_step = fields.String(allow_none=True)
    waiting_on = fields.String(
        allow_none=True,
        metadata={"description": "blanko, dukcapil, dinsos, bpjs (agency: older workflows)"},
    )
    waiting_reason = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    notice = fields.String(
        allow_none=True, metadata={"description": "The workflow's fixed sentence for citizens"}
    )
    missing = fields.List(
        fields.String(),
        metadata={"description": "Still missing; alternatives as one 'Salah satu dari: A, B'"},
    )
    pickup = fields.String(allow_none=True)
    accepted_on = day()
    due_date = day(allow_none=True)
    due_paused = fields.Boolean()
    overdue = fields.Boolean()
    incomplete = fields.Boolean(metadata={"description": "Papers are missing (warning status)"})
    ready = fields.Boolean(metadata={"description": "Done and waiting to be collected"})
    closed = fields.Boolean()
    timeline = fields.List(fields.Nested(TimelineStepSchema))


class ComplaintStepSchema(ma.Schema):
    state = fields.String()
    label = fields.String()
    on = day()


class ComplaintStatusSchema(ma.Schema):
    """What a reporter may see of a complaint: never the reporter, nor the officer it names
    or who handles it."""

    tracking_code = fields.String(required=True, metadata={"examples": ["K7QM-2XPA-9RY"]})
    category = fields.String(required=True)
    category_label = fields.String()
    state = fields.String(required=True)
    state_label = fields.String()
    received_on = day(required=True)
    due_date = day(required=True)
    overdue = fields.Boolean(required=True)
    answer = fields.String(allow_none=True)
    answered_on = day(allow_none=True)
    closed = fields.Boolean(required=True)
    timeline = fields.List(fields.Nested(ComplaintStepSchema), required=True)
