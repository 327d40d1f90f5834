"""The photos a record names, and whether the office holds their bytes yet.

A record is complete when every photo its current fields name is held (ODK's "expected vs
present"); `sync_record_blob` keeps that list per record.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from kiosk.extensions import db
from kiosk.models import Attachment, SyncRecord, SyncRecordBlob


def photo_hashes(form_fields, values: object) -> set[str]:
    """Every SHA-256 named by the photo fields (also inside groups) of `values`."""
    found: set[str] = set()
    if not isinstance(values, dict):
        return found
    for field in form_fields:
        value = values.get(field.get("name"))
        if field.get("type") == "photo" and isinstance(value, list):
            found.update(item for item in value if isinstance(item, str))
        elif field.get("type") == "group" and isinstance(value, list):
            for item in value:
                found |= photo_hashes(field.get("fields", ()), item)
    return found


def expect_photos(record: SyncRecord, hashes: set[str]) -> None:
    """Make `hashes` the record's photos (present when already held); set `complete`."""
    rows = {
        row.sha256: row
        for row in db.session.scalars(
            select(SyncRecordBlob).where(SyncRecordBlob.record_id == record.id)
        )
    }
    gone = set(rows) - hashes
    if gone:
        db.session.execute(
            delete(SyncRecordBlob).where(
                SyncRecordBlob.record_id == record.id, SyncRecordBlob.sha256.in_(gone)
            )
        )
    held = held_hashes(hashes - {sha for sha, row in rows.items() if row.present})
    for sha256 in sorted(hashes):
        row = rows.get(sha256)
        if row is None:
            db.session.add(
                SyncRecordBlob(record_id=record.id, sha256=sha256, present=sha256 in held)
            )
        elif not row.present and sha256 in held:
            row.present = True
    record.complete = hashes <= (held | {sha for sha, row in rows.items() if row.present})


def held_hashes(hashes: set[str]) -> set[str]:
    """Those of `hashes` whose bytes are stored."""
    if not hashes:
        return set()
    query = select(Attachment.sha256).where(Attachment.sha256.in_(sorted(hashes)))
    return set(db.session.scalars(query))


def missing_photos(record_id: int) -> list[str]:
    """The record's photos not held yet, sorted."""
    query = (
        select(SyncRecordBlob.sha256)
        .where(SyncRecordBlob.record_id == record_id, SyncRecordBlob.present.is_(False))
        .order_by(SyncRecordBlob.sha256)
    )
    return list(db.session.scalars(query))


def records_waiting_for(sha256: str) -> list[SyncRecord]:
    """The records that name this photo and did not hold it yet."""
    query = (
        select(SyncRecord)
        .join(SyncRecordBlob, SyncRecordBlob.record_id == SyncRecord.id)
        .where(SyncRecordBlob.sha256 == sha256, SyncRecordBlob.present.is_(False))
        .order_by(SyncRecord.id)
    )
    return list(db.session.scalars(query))


def mark_present(sha256: str) -> list[SyncRecord]:
    """The photo's bytes are held now: mark it in every record naming it; the records that
    became complete (the caller commits)."""
    waiting = records_waiting_for(sha256)
    for record in waiting:
        row = db.session.get(SyncRecordBlob, (record.id, sha256))
        row.present = True
    db.session.flush()
    completed = []
    for record in waiting:
        if not missing_photos(record.id):
            record.complete = True
            completed.append(record)
    return completed
