"""Files API: a public masked lookup, and staff intake, status, history and location."""

from __future__ import annotations

import marshmallow as ma
from flask import g, url_for
from flask_babel import gettext as _
from marshmallow import fields

from kiosk import clock
from kiosk.access.service import record_file_view
from kiosk.api import bp
from kiosk.api.errors import ApiError
from kiosk.api.fields import LangQuery, StrictBoolean, Text, day, moment, names
from kiosk.auth.permissions import Action
from kiosk.extensions import status_rate_limit
from kiosk.files import service as files
from kiosk.files.applicant import person_view, sees_full_data
from kiosk.files.printing import print_intake_receipts
from kiosk.status.presenter import file_status
from kiosk.status.schemas import FileStatusSchema

NOT_FOUND = {404: "No file has this tracking code (error: not_found)"}


class PersonRequestSchema(ma.Schema):
    """Applicant or subject at intake. Lengths as on the intake form; the service checks the
    content (NIK rules, digits in rt/rw/phone) and answers 422 invalid_file with `errors`."""

    name = Text(120)
    nik = Text(30)
    nik_absent = Text(12, metadata={"description": "belum_punya, hilang or lupa"})
    uuid = Text(36, metadata={"description": "Client-made public id"})
    birth_place = Text(60)
    phone_consent = StrictBoolean()
    relation = Text(
        20,
        metadata={
            "description": "In the family (KK): kepala_keluarga, suami, istri, anak, menantu, "
            "cucu, orang_tua, mertua, famili_lain, lainnya"
        },
    )
    kk = Text(30)
    birth_date = Text(10, metadata={"description": "YYYY-MM-DD; empty or null when unknown"})
    sex = fields.String(allow_none=True, validate=ma.validate.OneOf(["L", "P", ""]))
    address = Text(300)
    rt = Text(3)
    rw = Text(3)
    dusun = Text(60)
    phone = Text(20)


class RequirementsRequestSchema(ma.Schema):
    """Papers by requirement code (GET /services), or by label; other text is kept as a
    free-text paper."""

    received = names()
    missing = names()
    not_needed = names()
    uuids = fields.Dict(
        keys=fields.String(validate=ma.validate.Length(max=200)),
        values=Text(36),
        load_default=dict,
        metadata={
            "description": "Client-made public ids of the paper rows, by the code or label as "
            "sent in the lists above"
        },
    )


class FileRequestSchema(ma.Schema):
    tracking_code = Text(
        40, metadata={"description": "The served ticket's code; omit for a walk-in (a new code)"}
    )
    service = Text(40, metadata={"description": "Defaults to the ticket's service"})
    applicant = fields.Nested(PersonRequestSchema, required=True)
    subject = fields.Nested(
        PersonRequestSchema,
        allow_none=True,
        metadata={
            "description": "Whom the file is about when not the applicant (no KK: the "
            "applicant's household)"
        },
    )
    subject_household = StrictBoolean(load_default=False)
    requirements = fields.Nested(RequirementsRequestSchema, allow_none=True)
    notes = Text(1000)
    name_mismatch = StrictBoolean(load_default=False)
    uuid = Text(36, metadata={"description": "Client-made public id of the file"})


class FileStatusRequestSchema(ma.Schema):
    status = Text(40, required=True)
    note = Text(500)
    version = fields.Integer(
        strict=True,
        allow_none=True,
        validate=ma.validate.Range(min=1, max=2**63 - 1),
        metadata={"description": "The version you saw: a file changed since is a 409"},
    )


PAPER_STATES = ["received", "missing", "not_needed"]


class FilePaperRequestSchema(ma.Schema):
    state = fields.String(required=True, validate=ma.validate.OneOf(PAPER_STATES))
    version = fields.Integer(
        strict=True,
        allow_none=True,
        validate=ma.validate.Range(min=1, max=2**63 - 1),
        metadata={"description": "The paper's version you saw: a paper changed since is a 409"},
    )


class FileLocationRequestSchema(ma.Schema):
    shelf = Text(40, required=True)
    folder = Text(40)


class PersonSchema(ma.Schema):
    """Staff only: includes the NIK. With `masked` true (no full view granted) NIK/KK are
    starred and birth date, address and phone are null."""

    masked = fields.Boolean()
    uuid = fields.String()
    nik = fields.String(allow_none=True)
    nik_absent = fields.String(allow_none=True)
    birth_place = fields.String(allow_none=True)
    name = fields.String()
    kk = fields.String(allow_none=True)
    birth_date = day(allow_none=True)
    sex = fields.String(allow_none=True, validate=ma.validate.OneOf(["L", "P"]))
    address = fields.String(allow_none=True)
    rt = fields.String(allow_none=True)
    rw = fields.String(allow_none=True)
    dusun = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)


class PaperSchema(ma.Schema):
    uuid = fields.String(metadata={"format": "uuid"})
    version = fields.Integer()
    code = fields.String(
        allow_none=True,
        metadata={"description": "The catalogue requirement's stable code; null for free text"},
    )
    label = fields.String()
    state = fields.String(validate=ma.validate.OneOf(PAPER_STATES))


class LocationSchema(ma.Schema):
    shelf = fields.String(allow_none=True)
    folder = fields.String(allow_none=True)


class StaffFileSchema(FileStatusSchema):
    """A file as staff see it: the public status plus the people, flags and location."""

    uuid = fields.String(metadata={"format": "uuid"})
    version = fields.Integer(metadata={"description": "Send it back with a status change"})
    applicant_full = fields.Nested(PersonSchema, required=True)
    subject = fields.Nested(PersonSchema, allow_none=True)
    subject_household = fields.String(allow_none=True, metadata={"format": "uuid"})
    flags = fields.List(
        fields.String(),
        metadata={"description": "Identity warnings: nik_birth_date, nik_sex, kk_region"},
    )
    urgent = fields.Boolean(required=True)
    name_mismatch = fields.Boolean(required=True)
    location = fields.Nested(LocationSchema, required=True)
    requirements = fields.List(
        fields.Nested(PaperSchema), metadata={"description": "The file's papers"}
    )


class HistoryEntrySchema(ma.Schema):
    id = fields.Integer()
    kind = fields.String()
    status = fields.String(allow_none=True)
    value = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    by = fields.String(allow_none=True)
    at = moment()


class FileHistorySchema(ma.Schema):
    tracking_code = fields.String(required=True)
    history = fields.List(fields.Nested(HistoryEntrySchema), required=True)


@bp.route("/files/<code>", methods=["GET"])
@bp.public
@bp.doc(tags=["files"])
@status_rate_limit()
@bp.arguments(LangQuery, location="query", as_kwargs=True)
@bp.response(200, FileStatusSchema, description="The file's public status")
@bp.errors({**NOT_FOUND, 429: "Too many lookups from this client (STATUS_RATE_LIMIT)"})
def public_file_status(code: str, lang: str):
    """A file's status for the citizen: masked name, never a NIK."""
    case = files.find_file(code)
    if case is None:
        raise ApiError("not_found", _("Tidak ada berkas dengan kode lacak ini."), 404)
    return file_status(case, lang)


@bp.route("/files", methods=["POST"])
@bp.staff(Action.FILES_INTAKE)
@bp.doc(tags=["files"])
@bp.body(FileRequestSchema)
@bp.response(201, StaffFileSchema, description="The new file, with its due date")
@bp.errors(
    {
        409: "A file for this tracking code exists (error: file_exists)",
        422: "A field is wrong: `errors` maps each field to a message "
        "(error: invalid_file or invalid_field)",
    }
)
def create_file(body: dict):
    """Accept a file (berkas) for a served ticket or a walk-in: 201 with its due date."""
    requirements = body.get("requirements") or {}
    case = files.accept_file(
        tracking_code=body.get("tracking_code"),
        service_code=body.get("service"),
        applicant=body["applicant"],
        received=requirements.get("received", []),
        missing=requirements.get("missing", []),
        not_needed=requirements.get("not_needed", []),
        paper_uuids=requirements.get("uuids", {}),
        notes=body.get("notes"),
        name_mismatch=body["name_mismatch"],
        user=g.staff_user,
        subject=body.get("subject") or None,
        subject_household=body["subject_household"],
        file_uuid=body.get("uuid"),
    )
    print_intake_receipts(case, g.staff_user)
    location = url_for(".public_file_status", code=case.tracking_code)
    return staff_file_answer(case), 201, {"Location": location}


@bp.route("/files/<code>/detail", methods=["GET"])
@bp.staff(Action.FILES_READ)
@bp.doc(tags=["files"])
@bp.response(200, StaffFileSchema, description="The file (this look is logged)")
@bp.errors(NOT_FOUND)
def file_detail(code: str):
    """A file as staff see it; NIK/KK masked for roles without full view."""
    return staff_file_answer(files.get_file(code))


@bp.route("/files/<code>/status", methods=["POST"], endpoint="file_status")
@bp.staff(Action.FILES_EDIT)
@bp.doc(tags=["files"])
@bp.body(FileStatusRequestSchema)
@bp.response(200, StaffFileSchema, description="The file after the change")
@bp.errors(
    {
        **NOT_FOUND,
        409: "Not a next status from here (error: status_not_allowed), or the file changed "
        "since `version` (error: conflict)",
        422: "status missing, or this status needs a note for the citizen "
        "(error: invalid_field or note_required)",
    }
)
def file_status_change(body: dict, code: str):
    """Move a file to a next status {status, note, version?}; a stale version is a 409."""
    case = files.get_file(code)
    files.change_status(
        case, body["status"], body.get("note"), g.staff_user, expected_version=body.get("version")
    )
    return staff_file_answer(case)


@bp.route("/files/<code>/requirements/<paper>", methods=["PUT"])
@bp.staff(Action.FILES_EDIT)
@bp.doc(tags=["files"])
@bp.body(FilePaperRequestSchema)
@bp.response(200, StaffFileSchema, description="The file after the change")
@bp.errors(
    {
        **NOT_FOUND,
        409: "The paper changed since `version` (error: conflict)",
        422: "Unknown state (error: invalid_field or invalid_state)",
    }
)
def file_paper(body: dict, code: str, paper: str):
    """Set one paper received, missing or not needed {state, version?}; stale version: 409."""
    case = files.get_file(code)
    files.set_paper_state(case, paper, body["state"], body.get("version"), g.staff_user)
    return staff_file_answer(case)


@bp.route("/files/<code>/history", methods=["GET"])
@bp.staff(Action.FILES_READ)
@bp.doc(tags=["files"])
@bp.response(200, FileHistorySchema, description="Every change, oldest first")
@bp.errors(NOT_FOUND)
def file_history(code: str):
    """The append-only history of a file: who, when, what, note."""
    case = files.get_file(code)
    return {
        "tracking_code": case.tracking_code,
        "history": [
            {
                "id": entry.id,
                "kind": entry.kind,
                "status": entry.status,
                "value": entry.value,
                "note": entry.note,
                "by": entry.user.username if entry.user else None,
                "at": clock.local(entry.at).isoformat(),
            }
            for entry in case.history
        ],
    }


@bp.route("/files/<code>/location", methods=["PUT"])
@bp.staff(Action.FILES_EDIT)
@bp.doc(tags=["files"])
@bp.body(FileLocationRequestSchema)
@bp.response(200, StaffFileSchema, description="The file with its new location")
@bp.errors(NOT_FOUND)
def file_location(body: dict, code: str):
    """Where the paper file is kept {shelf, folder}."""
    case = files.get_file(code)
    files.set_location(case, body["shelf"], body.get("folder"), g.staff_user)
    return staff_file_answer(case)


def staff_file_answer(case) -> dict:
    """The staff JSON of a file; it carries personal data, so the look is logged."""
    full = sees_full_data(g.staff_user)
    record_file_view(g.staff_user, case, "file_api", masked=not full)
    return staff_file_json(case, full)


def staff_file_json(case, full: bool) -> dict:
    """A file as staff see it through the API (NIK/KK masked unless `full`)."""
    subject = case.subject_person
    return {
        **file_status(case),
        "uuid": case.uuid,
        "version": case.version,
        "applicant_full": _person_json(person_view(case.applicant, full)),
        "subject": _person_json(person_view(subject, full)) if subject else None,
        "subject_household": case.subject_household.uuid if case.subject_household else None,
        "flags": list(case.flags or []),
        "urgent": case.urgent,
        "name_mismatch": case.name_mismatch,
        "location": {"shelf": case.shelf, "folder": case.folder},
        "requirements": [
            {
                "uuid": row.uuid,
                "version": row.version,
                "code": row.requirement.code if row.requirement else None,
                "label": row.label(),
                "state": row.state,
            }
            for row in case.papers
        ],
    }


def _person_json(view: dict) -> dict:
    birth_date = view["birth_date"]
    return {**view, "birth_date": birth_date.isoformat() if birth_date else None}
