"""The sync API of the field tablets: enrolment, forms, changes, ops, photos, records.

Tablets authenticate with the bearer token they got at enrolment (kiosk.sync.auth); every
success answer is JSON that echoes what was asked (op id, sha256, record id), so a captive
portal's 200 HTML page can never pass for one.
"""

from __future__ import annotations

from uuid import UUID

from flask import g, jsonify, request
from flask_babel import gettext as _

from kiosk.api import bp
from kiosk.api.blueprint import BEARER
from kiosk.api.errors import ApiError
from kiosk.auth.guards import api_auth
from kiosk.auth.permissions import Action
from kiosk.extensions import limiter
from kiosk.limits import body_limit
from kiosk.offices.current import current_office
from kiosk.sync import faults
from kiosk.sync.auth import DeviceUnknown, Standing, refusal, tablet_auth
from kiosk.sync.backup_key import public_key_info
from kiosk.sync.changes import changes, record_view
from kiosk.sync.forms import forms_document, forms_etag
from kiosk.sync.ops import receive_op
from kiosk.sync.records_read import find_record, readable_by_device
from kiosk.sync.schemas import (
    BlobAnswerSchema,
    ChangesQuerySchema,
    ChangesSchema,
    EnrolmentSchema,
    EnrolRequestSchema,
    FormsSchema,
    OpAnswerSchema,
    OpRequestSchema,
    RecordSchema,
    TabletCodeSchema,
    TabletRequestSchema,
)
from kiosk.sync.tablets import create_tablet, enrol
from kiosk.sync.uploads import MAX_PHOTO_BYTES, receive_photo

ENROL_RATE_LIMIT = "10 per minute"  # a code is 40 bits and lives 15 minutes
TABLET_ERRORS = {
    401: "No known tablet token (error: device_unknown)",
    403: "The tablet was revoked (error: device_revoked); an op or a photo it sent is kept "
    "in quarantine first (`status`: quarantined)",
}
NOT_FOUND = {404: "No such record for this tablet or account (error: not_found)"}


def tablet(*, keeps_data: bool = False):
    """A tablet route: bearer auth of kiosk.sync.auth, documented with its 401/403."""

    def decorate(view):
        view = bp.errors(TABLET_ERRORS)(tablet_auth(keeps_data=keeps_data)(view))
        return bp.doc(security=BEARER, tags=["sync"])(view)

    return decorate


@bp.route("/devices", methods=["POST"])
@bp.staff(Action.DEVICES_MANAGE)
@bp.doc(tags=["sync"])
@bp.body(TabletRequestSchema)
@bp.response(201, TabletCodeSchema, description="The tablet and its one-time code (15 min)")
@bp.errors({422: "Unknown officer or bad name (error: invalid_device, with `field`)"})
def add_tablet(body: dict):
    """Add a field tablet for a lapangan officer: its one-time enrolment code."""
    office_id = g.staff_user.office_id or current_office().id
    device, code = create_tablet(body["user"], body["name"], g.staff_user, office_id)
    return {"device_id": device.id, "enrolment_code": code, "expires_at": device.code_expires_at}


@bp.route("/devices/enrol", methods=["POST"])
@bp.public
@bp.doc(tags=["sync"])
@limiter.limit(ENROL_RATE_LIMIT)
@bp.body(EnrolRequestSchema)
@bp.response(201, EnrolmentSchema, description="The tablet's bearer token (shown once)")
@bp.errors(
    {
        422: "Unknown, used or expired code (error: pairing_code_invalid)",
        429: "Too many tries from this client",
    }
)
def enrol_tablet(body: dict):
    """Redeem an enrolment code on the tablet: its device id and bearer token."""
    device, token = enrol(body["enrolment_code"])
    officer = device.user
    return {
        "device_id": device.id,
        "token": token,
        "officer": {"username": officer.username, "display_name": officer.display_name},
        "office": {"name": device_office_name(device.office_id)},
        "backup_key": public_key_info(device.office_id),
    }


def device_office_name(office_id: int) -> str:
    from kiosk.offices.current import office_settings

    settings = office_settings(office_id)
    return settings.name if settings else ""


@bp.route("/forms", methods=["GET"])
@tablet()
@bp.response(200, FormsSchema, description="Every published form version, and the NIK rules")
@bp.alt_response(304, description="Unchanged since the ETag sent in If-None-Match")
def forms():
    """The forms as data (ETag / If-None-Match: 304 when unchanged)."""
    office_id = g.sync_device.office_id
    etag = forms_etag(office_id)
    quoted = f'"{etag}"'
    if quoted in request.headers.get("If-None-Match", "") or etag == request.headers.get(
        "If-None-Match"
    ):
        response = not_modified_response(304)
    else:
        response = jsonify(forms_document(office_id))
    response.headers["ETag"] = quoted
    response.headers["Cache-Control"] = "no-cache"
    return response


def not_modified_response(status: int):
    """An answer with no body (a 304 to a tablet that holds the current forms)."""
    response = jsonify({})
    response.status_code = status
    response.set_data(b"")
    return response


@bp.route("/sync/changes", methods=["GET"])
@tablet()
@bp.arguments(ChangesQuerySchema, location="query", as_kwargs=True)
@bp.response(200, ChangesSchema, description="Assignments, and records changed since")
def sync_changes(since: str | None = None):
    """What the tablet should hold: its assignments and the records changed since `since`."""
    return {**changes(g.sync_device, g.staff_user, since), **backup_key_of(g.sync_device)}


def backup_key_of(device) -> dict:
    """The office's backup public key, on every sync (a key made after enrolment arrives)."""
    return {"backup_key": public_key_info(device.office_id)}


@bp.route("/sync/ops/<uuid:op_id>", methods=["PUT"])
@tablet(keeps_data=True)
@bp.body(OpRequestSchema)
@bp.response(201, OpAnswerSchema, description="Applied (or awaiting photos, or flagged)")
@bp.alt_response(200, schema=OpAnswerSchema, description="A replay: the first answer again")
@bp.errors(
    {
        409: "The op id was used for another body (error: idempotency_conflict), or its "
        "base version is unknown (error: base_not_found)",
        422: "Fields that do not fit the form (error: invalid_fields, with `fields` "
        "path → message), an unknown form, or an edit of an append-only form",
        404: "The op id is not a UUID (error: not_found)",
    }
)
def sync_op(body: dict, op_id: UUID):
    """Apply one record change once (idempotent by op id)."""
    faults.before("ops")
    sent = request.get_json(silent=True)
    answer = receive_op(str(op_id), body, sent, g.sync_device, g.staff_user, g.sync_standing)
    status = 200 if answer.replayed and answer.status == 201 else answer.status
    response = jsonify(answer.body)
    if answer.body.get("wipe"):
        response.headers["Clear-Site-Data"] = '"storage"'
    return faults.after("ops", response, status)


@bp.route("/sync/blobs/<sha256>", methods=["PUT"])
@tablet(keeps_data=True)
@body_limit(MAX_PHOTO_BYTES)
@bp.response(201, BlobAnswerSchema, description="Stored")
@bp.alt_response(200, schema=BlobAnswerSchema, description="Already held")
@bp.errors(
    {
        413: "Larger than 8 MB (error: request_entity_too_large)",
        422: "The bytes do not hash to the name, or not image/jpeg (error: bad_blob)",
    }
)
def sync_blob(sha256: str):
    """A photo's bytes (raw JPEG body, Content-Type image/jpeg), named by their SHA-256."""
    faults.before("blobs")
    stream = faults.stream("blobs", request.stream)
    body, created = receive_photo(sha256, stream, request.content_type, g.staff_user)
    if g.sync_standing is not Standing.TRUSTED:
        return refusal(g.sync_standing, g.sync_device, sha256=body["sha256"], status="quarantined")
    return faults.after("blobs", jsonify(body), 201 if created else 200)


@bp.route("/sync/records/<uuid:record_id>", methods=["GET"])
@bp.doc(security=BEARER, tags=["sync"])
@bp.response(200, RecordSchema, description="The record as the server holds it")
@bp.errors({**TABLET_ERRORS, **NOT_FOUND})
def sync_record(record_id: UUID):
    """A record, for the tablet that made or edited it, or for staff who may read files."""
    record_id = str(record_id)
    try:
        return _tablet_record(record_id)
    except DeviceUnknown:
        return api_auth(Action.FILES_READ)(_staff_record)(record_id=record_id)


@tablet_auth()
def _tablet_record(record_id: str):
    record = find_record(record_id)
    if record is None or not readable_by_device(record, g.sync_device):
        raise _no_record()
    return _record_answer(record)


def _staff_record(record_id: str):
    record = find_record(record_id)
    if record is None or record.office_id not in _staff_offices():
        raise _no_record()
    return _record_answer(record)


def _staff_offices() -> set[int]:
    office_id = g.staff_user.office_id
    return {office_id} if office_id is not None else {current_office().id}


def _record_answer(record):
    return {**record_view(record), "complete": record.complete}


def _no_record() -> ApiError:
    return ApiError("not_found", _("Data tidak ditemukan."), 404)
