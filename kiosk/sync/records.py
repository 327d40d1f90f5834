"""Applying one op from a tablet to its record: create, edit (three-way merge against the
version it started from), or keep it in quarantine (a revoked or wiping tablet).

Each op leaves exactly one `sync_record_version` row, keyed by the op's ledger key: two
copies of one op racing in make one row, and the loser answers from the winner's row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiosk import clock
from kiosk.db import write_lock
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import Device, SyncRecord, SyncRecordVersion, User
from kiosk.sync.merge import merge
from kiosk.sync.photos import expect_photos, missing_photos, photo_hashes
from kiosk.sync.projection import project
from kiosk.sync.projection.flags import add_flag

CONFLICT = "conflict"
QUARANTINED = "quarantined"
NIK_WARNING = "nik_warning"


class BaseNotFound(DomainError):
    """An edit of a version the server does not have (yet): send the earlier op first."""

    code = "base_not_found"
    status = 409


class AppendOnly(DomainError):
    code = "append_only"
    status = 422


class FormMismatch(DomainError):
    code = "form_mismatch"
    status = 422


@dataclass(frozen=True)
class Incoming:
    """One op as the tablet sent it, checked (its form found and its fields valid)."""

    key: str  # the ledger's scoped token of (device, op id)
    op_id: str
    record_id: str
    form: object  # kiosk.sync.forms.Form, or None in quarantine for an unknown form
    form_id: str
    form_version: int
    base_version: int | None
    fields: dict
    made_at: dt.datetime
    warnings: bool = False


def apply_op(op: Incoming, device: Device, officer: User | None) -> SyncRecordVersion:
    """Apply a checked op from a trusted tablet; its version row (an earlier one for a
    replayed or raced op)."""
    return _once(op, lambda: _apply(op, device, officer))


def quarantine_op(op: Incoming, device: Device, officer: User | None) -> SyncRecordVersion:
    """Keep an op from a tablet the office no longer trusts, for review: a new record is
    made quarantined, an existing one is left as it is."""
    return _once(op, lambda: _quarantine(op, device, officer))


def _once(op: Incoming, write) -> SyncRecordVersion:
    for attempt in (1, 2):
        with write_lock():
            earlier = version_of_op(op.key)
            if earlier is not None:
                return earlier
            try:
                row = write()
                db.session.commit()
                return row
            except IntegrityError:  # the same op (or the same new record) at the same moment
                db.session.rollback()
                if attempt == 2:
                    raise
    raise AssertionError("unreachable")


def version_of_op(key: str) -> SyncRecordVersion | None:
    return db.session.scalar(select(SyncRecordVersion).where(SyncRecordVersion.op_id == key))


def _record(uuid: str) -> SyncRecord | None:
    query = select(SyncRecord).where(SyncRecord.uuid == uuid).with_for_update()
    return db.session.scalar(query)


def _apply(op: Incoming, device: Device, officer: User | None) -> SyncRecordVersion:
    record = _record(op.record_id)
    if record is None:
        if op.base_version is not None:
            raise BaseNotFound(
                _("Data ini belum ada di server; kirim dulu perubahan sebelumnya."),
                record_id=op.record_id,
            )
        record = _new_record(op, device)
        base, behind = {}, False
    else:
        base, behind = _base_of(record, op)
    result = merge(base, record.fields or {}, op.fields, behind=behind)
    if record.id is not None:
        record.version += 1
    record.fields = result.fields
    record.form_version = max(record.form_version, op.form_version)
    record.updated_at = clock.now()
    if result.clashes:
        add_flag(record, CONFLICT)
    if op.warnings:
        add_flag(record, NIK_WARNING)
    db.session.flush()
    row = _version_row(op, record, device, officer, result.fields, quarantined=False)
    row.changed, row.clashes, row.merge_kind = result.changed, result.clashes, result.kind
    row.review = "open" if result.clashes else None
    expect_photos(record, photo_hashes(op.form.fields, record.fields))
    project(record, officer)
    return row


def _new_record(op: Incoming, device: Device, *, quarantined: bool = False) -> SyncRecord:
    now = clock.now()
    record = SyncRecord(
        uuid=op.record_id,
        office_id=device.office_id,
        form=op.form_id,
        form_version=op.form_version,
        kind=op.form.record if op.form is not None else "unknown",
        fields={},
        version=1,
        flags=[QUARANTINED] if quarantined else [],
        complete=False,
        quarantined=quarantined,
        device_id=device.id,
        created_at=op.made_at,
        updated_at=now,
    )
    db.session.add(record)
    return record


def _base_of(record: SyncRecord, op: Incoming) -> tuple[dict, bool]:
    """The fields the edit started from, and whether the record moved on since."""
    if record.form != op.form_id:
        raise FormMismatch(_("Data ini dibuat dengan formulir lain."), field="form")
    if op.form.merge_mode == "append":
        raise AppendOnly(
            _("Data jenis ini tidak bisa diubah setelah dikirim; buat data baru."),
            field="base_version",
        )
    if op.base_version is None:  # made twice with one UUID: every differing field clashes
        return {}, True
    query = select(SyncRecordVersion.fields_after).where(
        SyncRecordVersion.record_id == record.id,
        SyncRecordVersion.version == op.base_version,
        SyncRecordVersion.quarantined.is_(False),
    )
    base = db.session.scalar(query)
    if base is None or op.base_version > record.version:
        raise BaseNotFound(
            _("Versi dasar data ini tidak dikenal di server; kirim dulu perubahan sebelumnya."),
            record_id=op.record_id,
        )
    return base, op.base_version != record.version


def _quarantine(op: Incoming, device: Device, officer: User | None) -> SyncRecordVersion:
    record = _record(op.record_id)
    if record is None:
        record = _new_record(op, device, quarantined=True)
        record.fields = op.fields
        db.session.flush()
        form_fields = op.form.fields if op.form is not None else ()
        expect_photos(record, photo_hashes(form_fields, op.fields))
    else:
        add_flag(record, QUARANTINED)
        db.session.flush()
    row = _version_row(op, record, device, officer, record.fields, quarantined=True)
    row.changed = sorted(op.fields)
    row.review = "open"
    return row


def _version_row(
    op: Incoming,
    record: SyncRecord,
    device: Device,
    officer: User | None,
    after: dict,
    *,
    quarantined: bool,
) -> SyncRecordVersion:
    row = SyncRecordVersion(
        record_id=record.id,
        version=record.version,
        op_id=op.key,
        device_id=device.id,
        user_id=officer.id if officer else None,
        base_version=op.base_version,
        incoming=op.fields,
        fields_after=after,
        changed=[],
        clashes={},
        quarantined=quarantined,
        received_at=clock.now(),
    )
    db.session.add(row)
    db.session.flush()
    return row


def op_answer(op_id: str, row: SyncRecordVersion) -> dict:
    """The answer to an op, from its version row: the issue's shape, plus the record's flags."""
    record = row.record
    missing = missing_photos(record.id)
    if row.quarantined or record.quarantined:
        status = "quarantined"
    elif row.merge_kind == "conflict":
        status = "conflict_flagged"
    elif missing:
        status = "awaiting_blobs"
    else:
        status = "applied"
    return {
        "op_id": op_id,
        "record_id": record.uuid,
        "status": status,
        "version": row.version,
        "missing_blobs": missing,
        "flags": list(record.flags or []),
    }
