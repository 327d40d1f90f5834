"""Request and answer schemas of the sync API (they also make its OpenAPI document)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from kiosk.api.fields import Text

SHA256_PATTERN = r"^[0-9a-f]{64}$"
UUID_TEXT = {"format": "uuid"}
VERSION = validate.Range(min=1, max=2**31 - 1)


class TabletRequestSchema(ma.Schema):
    user = Text(60, required=True, metadata={"description": "Username of a lapangan officer"})
    name = Text(80, required=True, metadata={"description": "A label, e.g. 'Tablet Dusun 2'"})


class TabletCodeSchema(ma.Schema):
    device_id = ma.fields.Integer(required=True)
    enrolment_code = ma.fields.String(required=True, metadata={"description": "ABCD-EFGH, once"})
    expires_at = ma.fields.DateTime(required=True)


class EnrolRequestSchema(ma.Schema):
    enrolment_code = Text(40, required=True)


class OfficerSchema(ma.Schema):
    username = ma.fields.String(required=True)
    display_name = ma.fields.String(required=True)


class OfficeNameSchema(ma.Schema):
    name = ma.fields.String(required=True)


class BackupKeySchema(ma.Schema):
    key_id = ma.fields.String(required=True, metadata={"description": "SHA-256 of the key, 32 hex"})
    spki = ma.fields.String(
        required=True,
        metadata={"description": "The office's RSA-OAEP (SHA-256) public key, base64 DER SPKI"},
    )


class EnrolmentSchema(ma.Schema):
    device_id = ma.fields.Integer(required=True)
    token = ma.fields.String(required=True, metadata={"description": "The tablet's bearer token"})
    officer = ma.fields.Nested(OfficerSchema, required=True)
    office = ma.fields.Nested(OfficeNameSchema, required=True)
    backup_key = ma.fields.Nested(
        BackupKeySchema, metadata={"description": "Wraps the key of the tablet's backup files"}
    )


class OpRequestSchema(ma.Schema):
    record_id = Text(36, required=True, metadata=UUID_TEXT)
    form = Text(40, required=True)
    form_version = ma.fields.Integer(strict=True, required=True, validate=VERSION)
    base_version = ma.fields.Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        validate=VERSION,
        metadata={"description": "The server version the edit started from; null: a create"},
    )
    fields = ma.fields.Dict(
        keys=ma.fields.String(validate=validate.Length(min=1, max=60)), required=True
    )
    blobs = ma.fields.List(
        ma.fields.String(validate=validate.Regexp(SHA256_PATTERN)),
        load_default=list,
        validate=validate.Length(max=200),
        metadata={"description": "SHA-256 of every photo the fields name"},
    )
    made_at = ma.fields.AwareDateTime(
        allow_none=True,
        load_default=None,
        metadata={"description": "When the record was made on the tablet (optional)"},
    )


class OpAnswerSchema(ma.Schema):
    op_id = ma.fields.String(required=True)
    record_id = ma.fields.String(required=True)
    status = ma.fields.String(
        required=True,
        validate=validate.OneOf(["applied", "awaiting_blobs", "conflict_flagged", "quarantined"]),
    )
    version = ma.fields.Integer(required=True)
    missing_blobs = ma.fields.List(ma.fields.String(), required=True)
    flags = ma.fields.List(ma.fields.String())
    wipe = ma.fields.Boolean(metadata={"description": "Present (true) when the tablet must wipe"})


class BlobAnswerSchema(ma.Schema):
    sha256 = ma.fields.String(required=True)
    size = ma.fields.Integer()
    stored = ma.fields.Boolean(metadata={"description": "true: new bytes; false: already held"})
    wipe = ma.fields.Boolean()


class RecordSchema(ma.Schema):
    record_id = ma.fields.String(required=True)
    form = ma.fields.String()
    form_version = ma.fields.Integer()
    version = ma.fields.Integer(required=True)
    fields = ma.fields.Dict(required=True)
    flags = ma.fields.List(ma.fields.String(), required=True)
    complete = ma.fields.Boolean()


class AssignmentSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    household_id = ma.fields.String(required=True, metadata=UUID_TEXT)
    form = ma.fields.String(required=True)
    dusun = ma.fields.String(allow_none=True)
    rt = ma.fields.String(allow_none=True)
    rw = ma.fields.String(allow_none=True)
    address = ma.fields.String(allow_none=True)
    head_name = ma.fields.String(allow_none=True)
    period_start = ma.fields.String(required=True, metadata={"format": "date"})
    period_end = ma.fields.String(required=True, metadata={"format": "date"})
    done = ma.fields.Boolean(required=True)


class ChangesQuerySchema(ma.Schema):
    since = ma.fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=40),
        metadata={"description": "The cursor of the previous answer; omit for everything"},
    )


class ChangesSchema(ma.Schema):
    cursor = ma.fields.String(required=True)
    more = ma.fields.Boolean(required=True)
    forms_etag = ma.fields.String(required=True)
    assignments = ma.fields.List(ma.fields.Nested(AssignmentSchema), required=True)
    records = ma.fields.List(ma.fields.Nested(RecordSchema), required=True)
    backup_key = ma.fields.Nested(BackupKeySchema)
    wipe = ma.fields.Boolean()


class FormsSchema(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE

    etag = ma.fields.String()
    forms = ma.fields.List(ma.fields.Dict())
    rules = ma.fields.Dict()
    wipe = ma.fields.Boolean()


class FaultRequestSchema(ma.Schema):
    route = ma.fields.String(required=True, validate=validate.OneOf(["ops", "blobs"]))
    mode = ma.fields.String(
        required=True, validate=validate.OneOf(["commit_then_drop", "http_500", "fail_halfway"])
    )
    times = ma.fields.Integer(strict=True, load_default=1, validate=validate.Range(min=0, max=1000))
