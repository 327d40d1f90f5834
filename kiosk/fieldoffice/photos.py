"""Photos taken in the field (papers, houses), for staff only: found by SHA-256, checked to
belong to the office, streamed from the blob store (never public, never a shared cache)."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import (
    Attachment,
    AttachmentLink,
    CaseFile,
    Household,
    HouseholdVisit,
    Person,
    SyncRecord,
    SyncRecordBlob,
)
from kiosk.offices.service import office_filter
from kiosk.sync.blobs import SHA256, blob_path

PHOTO_LIMIT = 60
# A blob's bytes never change (its name is their hash): the staff browser may keep it.
PHOTO_CACHE = "private, max-age=86400, immutable"


def office_photo(sha256: str) -> Attachment | None:
    """A stored photo that a record, file or visit of this office names; None otherwise."""
    if not SHA256.fullmatch(sha256 or ""):
        return None
    attachment = db.session.get(Attachment, sha256)
    if attachment is None or not blob_path(sha256).is_file():
        return None
    by_record = (
        select(SyncRecordBlob.sha256)
        .join(SyncRecord, SyncRecordBlob.record_id == SyncRecord.id)
        .where(SyncRecordBlob.sha256 == sha256, *office_filter(SyncRecord))
    )
    by_file = (
        select(AttachmentLink.sha256)
        .join(CaseFile, AttachmentLink.file_id == CaseFile.id)
        .where(AttachmentLink.sha256 == sha256, *office_filter(CaseFile))
    )
    by_person = select(AttachmentLink.sha256).where(
        AttachmentLink.sha256 == sha256, AttachmentLink.person_id.is_not(None)
    )
    named = by_record.union(by_file, by_person).limit(1)
    return attachment if db.session.scalar(select(named.subquery())) else None


def held(shas: list[str]) -> list[str]:
    """The photos among `shas` whose bytes are held, in the given order."""
    if not shas:
        return []
    present = set(db.session.scalars(select(Attachment.sha256).where(Attachment.sha256.in_(shas))))
    return [sha for sha in dict.fromkeys(shas) if sha in present]


def household_photos(home: Household) -> list[str]:
    """House photos of the household's DTKS visits, newest visit first."""
    visits = db.session.scalars(
        select(HouseholdVisit)
        .where(HouseholdVisit.household_id == home.id)
        .order_by(HouseholdVisit.visited_at.desc())
    )
    return held([sha for visit in visits for sha in (visit.photos or [])])[:PHOTO_LIMIT]


def person_photos(person: Person) -> list[str]:
    """Photos attached to the person, or to files they applied for, newest first."""
    own = AttachmentLink.person_id == person.id
    applied = AttachmentLink.file_id.in_(
        select(CaseFile.id).where(CaseFile.applicant_id == person.id)
    )
    links = db.session.scalars(
        select(AttachmentLink.sha256)
        .where(own | applied)
        .order_by(AttachmentLink.created_at.desc())
        .limit(PHOTO_LIMIT)
    )
    return held(list(links))


def file_photos(case: CaseFile) -> list[str]:
    """Photos of the file's papers taken on the doorstep, in the order they were linked."""
    links = db.session.scalars(
        select(AttachmentLink.sha256)
        .where(AttachmentLink.file_id == case.id)
        .order_by(AttachmentLink.id)
        .limit(PHOTO_LIMIT)
    )
    return held(list(links))
