"""A complaint record from a field tablet becomes a Complaint (uuid = the record's, channel
"field") with the tracking code made on the tablet. A code already used by a file, a ticket or
a complaint, or values the office refuses, flag the record and keep it in quarantine for review
(never dropped). A phone given without the reporter's consent is not kept."""

from __future__ import annotations

from sqlalchemy import select

from kiosk import clock
from kiosk.complaints.service import InvalidComplaint, complaint_code_in_use, create_complaint
from kiosk.extensions import db
from kiosk.models import Complaint, SyncRecord, User
from kiosk.sync.projection.flags import add_flag
from kiosk.tracking import normalise

CODE_TAKEN = "code_taken"
INVALID = "complaint_invalid"


def project_complaint(record: SyncRecord, officer: User | None) -> Complaint | None:
    found = db.session.scalar(select(Complaint).where(Complaint.uuid == record.uuid))
    if found is not None:
        return found  # append-only: a replay changes nothing
    fields = record.fields or {}
    code = normalise(str(fields.get("tracking_code") or ""))
    if code is None or complaint_code_in_use(code):
        return _hold(record, CODE_TAKEN)
    consent = fields.get("phone_consent") == "ya"
    try:
        return create_complaint(
            channel="field",
            category=str(fields.get("category") or ""),
            asked_to_pay=fields.get("asked_to_pay") == "ya",
            text=_text(fields.get("text")),
            officer_name=_text(fields.get("officer_name")),
            reporter_name=_text(fields.get("reporter_name")),
            reporter_phone=_text(fields.get("reporter_phone")) if consent else None,
            phone_consent=consent,
            user=officer,
            tracking_code=code,
            uuid=record.uuid,
            received_on=clock.local(record.created_at).date(),
            office_id=record.office_id,
        )
    except InvalidComplaint:
        return _hold(record, INVALID)


def _hold(record: SyncRecord, flag: str) -> None:
    add_flag(record, flag)
    record.quarantined = True
    return None


def _text(value) -> str | None:
    return value if isinstance(value, str) else None
