"""Accept or reject a reviewed op. Accepting writes a new version of the record (the incoming
values win) and projects it into people, households, files and visits again; rejecting keeps
the record as it is. Both are recorded on the op's row (who, when); nothing is deleted."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import clock
from kiosk.db import write_lock
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import SyncRecord, SyncRecordVersion, User
from kiosk.offices.service import visible_to_staff

OPEN, ACCEPTED, REJECTED = "open", "accepted", "rejected"
REVIEW_FLAGS = ("conflict", "quarantined")


class ReviewNotFound(DomainError):
    code = "not_found"
    status = 404


class AlreadyDecided(DomainError):
    code = "already_decided"
    status = 409


def decide(version_id: int, accept: bool, user: User) -> str:
    """Record the decision on an open op; the message to show."""
    with write_lock():
        op = db.session.get(SyncRecordVersion, version_id)
        if op is None or not visible_to_staff(op.record):
            raise ReviewNotFound(_("Data tinjauan tidak ditemukan."))
        if op.review != OPEN:
            raise AlreadyDecided(_("Data ini sudah diputuskan oleh petugas lain."))
        now = clock.now()
        op.review = ACCEPTED if accept else REJECTED
        op.reviewed_by_id = user.id
        op.reviewed_at = now
        record = op.record
        if accept:
            _apply(record, op, user, now)
        _settle(record, op)
        db.session.commit()
    if accept:
        return _(
            "Diterima: nilai dari tablet dipakai dan dicatat sebagai versi %(v)d.", v=record.version
        )
    return _("Ditolak: data tetap seperti sebelumnya. Kiriman tablet tetap tersimpan.")


def _apply(record: SyncRecord, op: SyncRecordVersion, user: User, now) -> None:
    """A new version: a clash's incoming values, or all of a quarantined op's fields."""
    if op.quarantined:
        incoming = dict(op.incoming or {})
    else:
        incoming = {name: clash.get("incoming") for name, clash in (op.clashes or {}).items()}
    fields = {**(record.fields or {}), **incoming}
    base = record.version
    record.version = base + 1
    record.fields = fields
    record.updated_at = now
    db.session.add(
        SyncRecordVersion(
            record_id=record.id,
            version=record.version,
            op_id=f"review:{op.id}",
            device_id=None,
            user_id=user.id,
            base_version=base,
            incoming=incoming,
            fields_after=fields,
            changed=sorted(incoming),
            clashes={},
            merge_kind=None,
            quarantined=False,
            review=None,
            received_at=now,
        )
    )
    db.session.flush()
    _project(record)


def _settle(record: SyncRecord, decided: SyncRecordVersion) -> None:
    """Drop the review flags once no other op of the record waits; an accepted quarantined op
    releases the record."""
    waiting = db.session.scalars(
        select(SyncRecordVersion).where(
            SyncRecordVersion.record_id == record.id,
            SyncRecordVersion.review == OPEN,
            SyncRecordVersion.id != decided.id,
        )
    ).all()
    if (
        decided.quarantined
        and decided.review == ACCEPTED
        and not any(op.quarantined for op in waiting)
    ):
        record.quarantined = False
    if not waiting:
        keep = REVIEW_FLAGS if decided.review == REJECTED and record.quarantined else ()
        record.flags = [
            flag for flag in record.flags or [] if flag not in REVIEW_FLAGS or flag in keep
        ]


def _project(record: SyncRecord) -> None:
    """Project the record's new values into people, households, files and visits."""
    from kiosk.sync.projection import project_record

    project_record(record)
