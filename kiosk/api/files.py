"""Files API: a public masked lookup, and staff intake, status, history and location."""

from __future__ import annotations

from flask import g, jsonify, request, url_for

from kiosk import clock
from kiosk.access.service import record_file_view
from kiosk.api import bp
from kiosk.api.schemas import (
    ApiError,
    boolean_field,
    json_object,
    object_field,
    optional_string,
    optional_strings,
    string_field,
    string_list,
    version_field,
)
from kiosk.auth.guards import api_auth
from kiosk.auth.permissions import Action
from kiosk.extensions import status_rate_limit
from kiosk.files import service as files
from kiosk.files.applicant import person_view, sees_full_data
from kiosk.files.printing import print_intake_receipts
from kiosk.files.public import public_file

# The intake form's lengths (kiosk/files/forms.py); the service checks the content itself.
APPLICANT_LIMITS = {
    "name": 120,
    "nik": 30,
    "kk": 30,
    "birth_date": 10,
    "sex": 1,
    "address": 300,
    "rt": 3,
    "rw": 3,
    "dusun": 60,
    "phone": 20,
    "nik_absent": 12,
    "birth_place": 60,
    "uuid": 36,
    "relation": 20,
}


@bp.get("/files/<code>")
@status_rate_limit()
def public_file_status(code: str):
    """A file's status for the citizen: masked name, never a NIK."""
    case = files.find_file(code)
    if case is None:
        raise ApiError("not_found", "No file has this tracking code.", 404)
    return jsonify(public_file(case, request.args.get("lang", "id")))


@bp.post("/files")
@api_auth(Action.FILES_INTAKE)
def create_file():
    """Accept a file: 201 with its due date, or 422 with a message per field."""
    body = json_object(request)
    applicant = object_field(body, "applicant", required=True)
    optional_strings(applicant, APPLICANT_LIMITS, prefix="applicant.")
    subject = object_field(body, "subject") or None
    if subject is not None:
        optional_strings(subject, APPLICANT_LIMITS, prefix="subject.")
    requirements = object_field(body, "requirements")
    optional_strings(body, {"tracking_code": 40, "service": 40, "notes": 1000, "uuid": 36})
    case = files.accept_file(
        tracking_code=body.get("tracking_code"),
        service_code=body.get("service"),
        applicant=applicant,
        received=string_list(requirements, "received"),
        missing=string_list(requirements, "missing"),
        not_needed=string_list(requirements, "not_needed"),
        paper_uuids=_paper_uuids(requirements),
        notes=body.get("notes"),
        name_mismatch=boolean_field(body, "name_mismatch", False),
        user=g.staff_user,
        subject=subject,
        subject_household=boolean_field(body, "subject_household", False),
        file_uuid=body.get("uuid"),
    )
    print_intake_receipts(case)
    response = staff_file_answer(case)
    response.status_code = 201
    response.headers["Location"] = url_for(".public_file_status", code=case.tracking_code)
    return response


@bp.get("/files/<code>/detail")
@api_auth(Action.FILES_READ)
def file_detail(code: str):
    """A file as staff see it: the applicant in full, or masked without files.read_pii."""
    return staff_file_answer(files.get_file(code))


@bp.post("/files/<code>/status")
@api_auth(Action.FILES_EDIT)
def file_status(code: str):
    """Move a file to a next status {status, note, version?}; a stale version is a 409."""
    body = json_object(request)
    case = files.get_file(code)
    note = optional_string(body, "note")
    version = version_field(body, "version")
    target = string_field(body, "status", max_length=40)
    files.change_status(case, target, note, g.staff_user, expected_version=version)
    return staff_file_answer(case)


@bp.put("/files/<code>/requirements/<paper>")
@api_auth(Action.FILES_EDIT)
def file_paper(code: str, paper: str):
    """Set one paper's state {state, version?}; a stale version is a 409."""
    body = json_object(request)
    case = files.get_file(code)
    version = version_field(body, "version")
    state = string_field(body, "state", max_length=12)
    files.set_paper_state(case, paper, state, version, g.staff_user)
    return staff_file_answer(case)


@bp.get("/files/<code>/history")
@api_auth(Action.FILES_READ)
def file_history(code: str):
    """The append-only history of a file: who, when, what, note."""
    case = files.get_file(code)
    return jsonify(
        tracking_code=case.tracking_code,
        history=[
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
    )


@bp.put("/files/<code>/location")
@api_auth(Action.FILES_EDIT)
def file_location(code: str):
    """Where the paper is kept {shelf, folder}."""
    body = json_object(request)
    case = files.get_file(code)
    folder = optional_string(body, "folder", max_length=40)
    files.set_location(case, string_field(body, "shelf", max_length=40), folder, g.staff_user)
    return staff_file_answer(case)


def _paper_uuids(requirements: dict) -> dict[str, str]:
    """requirements.uuids: {code or label as sent: client-made UUID of its row}."""
    uuids = object_field(requirements, "uuids")
    optional_strings(uuids, dict.fromkeys(uuids, 36), prefix="requirements.uuids.")
    return uuids


def staff_file_answer(case):
    """The staff JSON of a file; it carries personal data, so the look is logged."""
    full = sees_full_data(g.staff_user)
    record_file_view(g.staff_user, case, "file_api", masked=not full)
    return jsonify(staff_file_json(case, full))


def staff_file_json(case, full: bool) -> dict:
    """A file as staff see it through the API (NIK/KK masked unless `full`)."""
    subject = case.subject_person
    return {
        **public_file(case),
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
