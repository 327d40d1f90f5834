"""A document request record becomes a CaseFile (uuid = the record's, source "field") with
the tracking code made on the tablet; its photos are linked as they arrive. A code already
used by another file or ticket flags the record `code_taken` and quarantines it for review
(never dropped)."""

from __future__ import annotations

from sqlalchemy import select

from kiosk import clock
from kiosk.catalogue.service import find_service
from kiosk.extensions import db
from kiosk.files.service import accept_field_file, code_in_use
from kiosk.models import AttachmentLink, CaseFile, SyncRecord, User
from kiosk.sync.blobs import link_attachment
from kiosk.sync.photos import held_hashes
from kiosk.sync.projection.flags import add_flag
from kiosk.sync.projection.household import member_person
from kiosk.sync.projection.waiting import household_of
from kiosk.tracking import normalise

CODE_TAKEN = "code_taken"
UNKNOWN_SERVICE = "service_unknown"
PHOTO_NAME = "Foto berkas dari lapangan"


def project_request(record: SyncRecord, officer: User | None) -> CaseFile | None:
    case = db.session.scalar(select(CaseFile).where(CaseFile.uuid == record.uuid))
    if case is None:
        case = _new_file(record, officer)
    if case is not None:
        link_photos(case, (record.fields or {}).get("photos") or [])
    return case


def _new_file(record: SyncRecord, officer: User | None) -> CaseFile | None:
    fields = record.fields or {}
    home = household_of(record)
    if home is None:
        return None
    household_record = db.session.scalar(select(SyncRecord).where(SyncRecord.uuid == home.uuid))
    member_fields = household_record.fields if household_record is not None else {}
    applicant = member_person(str(fields.get("member") or ""), member_fields or {})
    service = find_service(str(fields.get("service") or ""))
    if applicant is None or service is None:
        add_flag(record, UNKNOWN_SERVICE if service is None else "member_missing")
        return None
    code = normalise(str(fields.get("tracking_code") or ""))
    if code is None or code_in_use(code):
        add_flag(record, CODE_TAKEN)
        record.quarantined = True
        return None
    return accept_field_file(
        tracking_code=code,
        service=service,
        applicant=applicant,
        ticked=_ticked(fields.get("papers")),
        visit_day=clock.local(record.created_at).date(),
        file_uuid=record.uuid,
        user=officer,
        notes=fields.get("note"),
    )


def _ticked(papers) -> set[int]:
    if not isinstance(papers, list):
        return set()
    return {int(item) for item in papers if isinstance(item, str) and item.isdigit()}


def link_photos(case: CaseFile, hashes: list) -> None:
    """Link every held photo of the request to its file, once."""
    linked = set(
        db.session.scalars(select(AttachmentLink.sha256).where(AttachmentLink.file_id == case.id))
    )
    wanted = [sha for sha in hashes if isinstance(sha, str) and sha not in linked]
    held = held_hashes(set(wanted))
    for sha256 in wanted:
        if sha256 in held:
            link_attachment(sha256, file=case, name=PHOTO_NAME)
            linked.add(sha256)
