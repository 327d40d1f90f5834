"""Attachments by content: bytes stored once under instance/blobs/ab/cd/<sha256>, mode 0600.

The name is the hash, so a resend is harmless and a corrupted upload is caught: the bytes
must hash to the name the client gave.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from pathlib import Path
from typing import IO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from kiosk import clock
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import Attachment, AttachmentLink, CaseFile, Person

SHA256 = re.compile(r"[0-9a-f]{64}")
CONTENT_TYPE = re.compile(r"[a-z]+/[a-z0-9.+-]{1,80}")


class BadBlob(DomainError):
    """The bytes do not match their name, or the name or type is malformed."""

    code = "bad_blob"
    status = 422


def blob_path(sha256: str) -> Path:
    """Where a blob's bytes live: instance/blobs/ab/cd/<sha256>."""
    return Path(current_app.instance_path) / "blobs" / sha256[:2] / sha256[2:4] / sha256


def store_blob(data: bytes, sha256: str, content_type: str) -> Attachment:
    """Store bytes whose SHA-256 must be `sha256`; storing them again changes nothing."""
    sha256 = _checked_name(sha256, content_type)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise BadBlob(_("Isi lampiran tidak cocok dengan SHA-256-nya; kirim ulang."))
    known = db.session.get(Attachment, sha256)
    if known is not None:
        return known
    _write(blob_path(sha256), data)
    attachment = Attachment(
        sha256=sha256, size=len(data), content_type=content_type, created_at=clock.now()
    )
    db.session.add(attachment)
    try:
        db.session.commit()
    except IntegrityError:  # the same blob arrived twice at once: one row is enough
        db.session.rollback()
        return db.session.get(Attachment, sha256)
    return attachment


class BlobTooLarge(DomainError):
    code = "request_entity_too_large"
    status = 413


def receive_blob(
    stream: IO[bytes], sha256: str, content_type: str, max_bytes: int, chunk: int = 64 * 1024
) -> tuple[Attachment, bool]:
    """Store an upload read from `stream` in chunks (never whole in memory), hashing as it is
    written to a private temporary file; (the attachment, whether it is new). Bytes already
    held are not read again; bytes that do not hash to `sha256` are refused and removed."""
    sha256 = _checked_name(sha256, content_type)
    known = db.session.get(Attachment, sha256)
    if known is not None and blob_path(sha256).exists():
        return known, False
    path = blob_path(sha256)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}")
    try:
        size = _copy_hashing(stream, temporary, sha256, max_bytes, chunk)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    if known is not None:  # the row was there, its file was not: now it is again
        return known, False
    attachment = Attachment(
        sha256=sha256, size=size, content_type=content_type, created_at=clock.now()
    )
    db.session.add(attachment)
    try:
        db.session.commit()
    except IntegrityError:  # the same blob arrived twice at once: one row is enough
        db.session.rollback()
        return db.session.get(Attachment, sha256), False
    return attachment, True


def _checked_name(sha256: str, content_type: str) -> str:
    sha256 = (sha256 or "").lower()
    if not SHA256.fullmatch(sha256):
        raise BadBlob(_("Nama berkas lampiran harus SHA-256 (64 huruf heksadesimal)."))
    if not CONTENT_TYPE.fullmatch(content_type or ""):
        raise BadBlob(_("Jenis berkas lampiran tidak dikenali."))
    return sha256


def _copy_hashing(stream: IO[bytes], target: Path, sha256: str, max_bytes: int, chunk: int) -> int:
    """Copy the stream to a new 0600 file, synced; its size. 413 past `max_bytes`, 422 when
    the bytes do not hash to `sha256`."""
    digest, size = hashlib.sha256(), 0
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        while piece := stream.read(chunk):
            size += len(piece)
            if size > max_bytes:
                raise BlobTooLarge(
                    _("Foto terlalu besar (paling besar %(mb)d MB).", mb=max_bytes >> 20)
                )
            digest.update(piece)
            handle.write(piece)
        handle.flush()
        os.fsync(handle.fileno())
    if digest.hexdigest() != sha256:
        raise BadBlob(_("Isi lampiran tidak cocok dengan SHA-256-nya; kirim ulang."))
    return size


def link_attachment(
    sha256: str,
    *,
    file: CaseFile | None = None,
    person: Person | None = None,
    name: str = "",
    public_id: str | None = None,
) -> AttachmentLink:
    """Attach a stored blob to a file or a person (the caller commits)."""
    link = AttachmentLink(
        uuid=str(uuid.UUID(public_id)) if public_id else str(uuid.uuid4()),
        sha256=sha256,
        file=file,
        person=person,
        name=name[:120],
        created_at=clock.now(),
    )
    db.session.add(link)
    return link


def _write(path: Path, data: bytes) -> None:
    """Write to a private temporary file, sync it, then rename: never a half blob."""
    write_private(path, data, publish=os.replace)


def write_private(path: Path, data: bytes, *, publish=os.replace) -> None:
    """Write `data` to a private (0600) temporary file beside `path`, sync it, then
    `publish(temporary, path)` (os.replace: the last writer wins; os.link: the first one does,
    FileExistsError to the caller). The temporary file never stays behind."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        publish(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
