"""Accept or reject a reviewed op. Both are recorded on the op's row (who, when); nothing is
deleted.

- A clash, accepted: the incoming values of the clashing fields win, as a new version.
- A quarantined op that made its record, accepted: the record is released and projected.
- A quarantined edit, accepted: merged against the version it started from, its values
  winning any clash, as a new version.
- Rejected: the record stays as it is.

A new version is projected into people, households, files and visits like any synced op.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import clock
from kiosk.db import write_lock
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import SyncRecord, SyncRecordVersion, User
from kiosk.offices.service import visible_to_staff
from kiosk.sync.merge import merge
from kiosk.sync.projection import project
from kiosk.sync.projection.flags import drop_flag
from kiosk.sync.records import CONFLICT, QUARANTINED

OPEN, ACCEPTED, REJECTED = "open", "accepted", "rejected"


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
        record = db.session.scalar(
            select(SyncRecord).where(SyncRecord.id == op.record_id).with_for_update()
        )
        db.session.refresh(op)
        if op.review != OPEN:
            raise AlreadyDecided(_("Data ini sudah diputuskan oleh petugas lain."))
        op.review, op.reviewed_by_id, op.reviewed_at = (
            ACCEPTED if accept else REJECTED,
            user.id,
            clock.now(),
        )
        if accept and op.quarantined and record.quarantined:
            record.quarantined = False
            project(record, op.user)
        elif accept:
            _new_version(record, _winning_values(record, op), op, user)
        _settle_flags(record)
        db.session.commit()
    if not accept:
        return _("Ditolak: data tetap seperti sebelumnya. Kiriman tablet tetap tersimpan.")
    return _("Diterima: nilai dari tablet dipakai (versi %(version)d).", version=record.version)


def _winning_values(record: SyncRecord, op: SyncRecordVersion) -> dict:
    """The fields the accepted op sets: a clash's incoming values, or a quarantined edit
    merged against its base with its own values winning."""
    if not op.quarantined:
        return {name: clash.get("incoming") for name, clash in (op.clashes or {}).items()}
    base = db.session.scalar(
        select(SyncRecordVersion.fields_after).where(
            SyncRecordVersion.record_id == record.id,
            SyncRecordVersion.version == op.base_version,
            SyncRecordVersion.quarantined.is_(False),
        )
    )
    result = merge(base or {}, record.fields or {}, op.incoming or {}, behind=True)
    return {name: (op.incoming or {}).get(name) for name in result.changed}


def _new_version(record: SyncRecord, values: dict, op: SyncRecordVersion, user: User) -> None:
    """Write `values` over the record as its next version (a null removes a field), keep the
    version row, and project the record again."""
    fields = {**(record.fields or {}), **values}
    fields = {name: value for name, value in fields.items() if value is not None}
    base = record.version
    now = clock.now()
    record.version, record.fields, record.updated_at = base + 1, fields, now
    db.session.add(
        SyncRecordVersion(
            record_id=record.id,
            version=record.version,
            op_id=f"review:{op.id}",
            device_id=None,
            user_id=user.id,
            base_version=base,
            incoming=values,
            fields_after=fields,
            changed=sorted(values),
            clashes={},
            quarantined=False,
            received_at=now,
        )
    )
    db.session.flush()
    project(record, op.user)


def _settle_flags(record: SyncRecord) -> None:
    """Drop the conflict and quarantine flags once no op of the record waits for a decision;
    a record still held in quarantine keeps its flag."""
    waiting = db.session.scalars(
        select(SyncRecordVersion.quarantined).where(
            SyncRecordVersion.record_id == record.id, SyncRecordVersion.review == OPEN
        )
    ).all()
    if not any(quarantined is False for quarantined in waiting):
        drop_flag(record, CONFLICT)
    if not any(waiting) and not record.quarantined:
        drop_flag(record, QUARANTINED)
