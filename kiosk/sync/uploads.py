"""`PUT /api/v1/sync/blobs/{sha256}`: a photo's bytes, streamed to disk while hashed.

201 when new, 200 when already held, 422 when the bytes do not hash to the name, 413 past
MAX_PHOTO_BYTES. Every record naming the photo is marked as holding it; a record whose
photos are all held is complete, and its rows (a file's attachments) are projected again.
"""

from __future__ import annotations

from typing import IO

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.db import write_lock
from kiosk.extensions import db
from kiosk.models import SyncRecord, SyncRecordBlob, User
from kiosk.sync.blobs import BadBlob, receive_blob
from kiosk.sync.photos import mark_present
from kiosk.sync.projection import project

JPEG = "image/jpeg"
MAX_PHOTO_BYTES = 8 * 1024 * 1024


def receive_photo(
    sha256: str, stream: IO[bytes], content_type: str | None, officer: User | None
) -> tuple[dict, bool]:
    """Store the photo and update the records naming it; (the answer body, whether new)."""
    if (content_type or "").split(";")[0].strip().lower() != JPEG:
        raise BadBlob(_("Foto harus dikirim sebagai JPEG (Content-Type image/jpeg)."))
    attachment, created = receive_blob(stream, sha256, JPEG, MAX_PHOTO_BYTES)
    with write_lock():
        mark_present(attachment.sha256)
        for record in _records_naming(attachment.sha256):
            project(record, officer)
        db.session.commit()
    body = {"sha256": attachment.sha256, "size": attachment.size, "stored": created}
    return body, created


def _records_naming(sha256: str) -> list[SyncRecord]:
    query = (
        select(SyncRecord)
        .join(SyncRecordBlob, SyncRecordBlob.record_id == SyncRecord.id)
        .where(SyncRecordBlob.sha256 == sha256, SyncRecord.quarantined.is_(False))
        .order_by(SyncRecord.id)
    )
    return list(db.session.scalars(query))
