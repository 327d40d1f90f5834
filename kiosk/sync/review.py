"""The office's review of synced data: clashes (both values kept) and quarantined ops (from a
revoked or wiping tablet). Accepting or rejecting is recorded on the op's version row (who,
when); nothing is deleted.

Accepting a clash takes the tablet's values for the clashed fields; accepting a quarantined
op applies it as an edit of the record (merged like any other), or releases a record that was
made in quarantine. Either is a new version by the officer, projected like a tablet's.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import clock
from kiosk.db import write_lock
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import SyncRecord, SyncRecordVersion, User
from kiosk.sync.forms import find_form
from kiosk.sync.ledger import scoped_token
from kiosk.sync.merge import Merge, merge
from kiosk.sync.photos import expect_photos, photo_hashes
from kiosk.sync.projection import project
from kiosk.sync.projection.flags import add_flag, drop_flag
from kiosk.sync.records import CONFLICT, QUARANTINED

OPEN, ACCEPTED, REJECTED = "open", "accepted", "rejected"


class ReviewNotFound(DomainError):
    code = "not_found"
    status = 404


class AlreadyDecided(DomainError):
    code = "already_decided"
    status = 409


def open_reviews(office_id: int) -> list[SyncRecordVersion]:
    """The office's ops waiting for a decision, oldest first."""
    query = (
        select(SyncRecordVersion)
        .join(SyncRecord, SyncRecord.id == SyncRecordVersion.record_id)
        .where(SyncRecordVersion.review == OPEN, SyncRecord.office_id == office_id)
        .order_by(SyncRecordVersion.id)
    )
    return list(db.session.scalars(query))


def decide(version_id: int, office_id: int, user: User, *, accept: bool) -> SyncRecordVersion:
    """Accept or reject one open review (409 when already decided)."""
    with write_lock():
        row = db.session.scalar(
            select(SyncRecordVersion).where(SyncRecordVersion.id == version_id).with_for_update()
        )
        if row is None or row.record.office_id != office_id:
            raise ReviewNotFound(_("Data tinjauan tidak ditemukan."))
        if row.review != OPEN:
            raise AlreadyDecided(_("Data ini sudah diputuskan oleh petugas lain."))
        record = db.session.scalar(
            select(SyncRecord).where(SyncRecord.id == row.record_id).with_for_update()
        )
        if accept:
            _accept(row, record, user)
        row.review = ACCEPTED if accept else REJECTED
        row.reviewed_by_id, row.reviewed_at = user.id, clock.now()
        db.session.flush()
        _settle_flags(record)
        db.session.commit()
    return row


def _accept(row: SyncRecordVersion, record: SyncRecord, user: User) -> None:
    current = record.fields or {}
    if not row.quarantined:  # a clash: the tablet's values for the clashed fields
        values = {name: clash["incoming"] for name, clash in (row.clashes or {}).items()}
        result = merge(current, current, {**current, **values}, behind=False)
    elif record.quarantined:  # made in quarantine: released as it came
        record.quarantined = False
        result = merge(current, current, row.incoming, behind=False)
    else:  # an edit from an untrusted tablet: merged like any edit of its base
        result = merge(_base_fields(row), current, row.incoming, behind=True)
    _new_version(row, record, user, result)


def _base_fields(row: SyncRecordVersion) -> dict:
    if row.base_version is None:
        return {}
    query = select(SyncRecordVersion.fields_after).where(
        SyncRecordVersion.record_id == row.record_id,
        SyncRecordVersion.version == row.base_version,
        SyncRecordVersion.quarantined.is_(False),
    )
    return db.session.scalar(query.limit(1)) or {}


def _new_version(row: SyncRecordVersion, record: SyncRecord, user: User, result: Merge) -> None:
    record.version += 1
    record.fields = result.fields
    record.updated_at = clock.now()
    db.session.add(
        SyncRecordVersion(
            record_id=record.id,
            version=record.version,
            op_id=scoped_token("office", f"review:{row.id}"),
            user_id=user.id,
            base_version=record.version - 1,
            incoming=row.incoming if row.quarantined else result.fields,
            fields_after=result.fields,
            changed=result.changed,
            clashes=result.clashes,
            merge_kind=result.kind,
            quarantined=False,
            review=OPEN if result.clashes else None,
            received_at=clock.now(),
        )
    )
    if result.clashes:
        add_flag(record, CONFLICT)
    db.session.flush()
    form = find_form(record.form, record.form_version)
    if form is not None:
        expect_photos(record, photo_hashes(form.fields, record.fields))
    project(record, user)


def _settle_flags(record: SyncRecord) -> None:
    """Drop `conflict` / `quarantined` once none of the record's reviews of that kind is open."""
    rows = db.session.scalars(
        select(SyncRecordVersion).where(
            SyncRecordVersion.record_id == record.id, SyncRecordVersion.review == OPEN
        )
    ).all()
    if not any(r.quarantined for r in rows) and not record.quarantined:
        drop_flag(record, QUARANTINED)
    if not any(r.merge_kind == "conflict" for r in rows):
        drop_flag(record, CONFLICT)
