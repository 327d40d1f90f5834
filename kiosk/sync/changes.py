"""`GET /api/v1/sync/changes?since=<cursor>`: what a tablet pulls — its officer's current
assignments (whole, every time: a short list) and the records it should hold that changed
since its cursor: the households it was assigned and every record it made or edited.

The cursor is "<last version row id>.<last assignment id>", opaque to the tablet. A household
assigned from the office's own data gets a sync record (fields built from its rows) the first
time it is assigned or pulled.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from kiosk import clock
from kiosk.db import write_lock
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import (
    Device,
    FieldAssignment,
    Household,
    SyncRecord,
    SyncRecordVersion,
    User,
)
from kiosk.sync.forms import find_form, forms_etag
from kiosk.sync.ledger import scoped_token

PAGE = 200
HOUSEHOLD_FORM = "household"
HEAD = "kepala_keluarga"


class BadCursor(DomainError):
    code = "invalid_field"
    status = 422


def parse_cursor(text: str | None) -> tuple[int, int]:
    """(version row id, assignment id) from a cursor; (0, 0) for none."""
    if not text:
        return 0, 0
    left, dot, right = text.partition(".")
    if not dot or not (left + right).isascii() or not left.isdigit() or not right.isdigit():
        raise BadCursor(_("Kursor sinkronisasi tidak dikenal."), field="since")
    if len(left) > 18 or len(right) > 18:
        raise BadCursor(_("Kursor sinkronisasi tidak dikenal."), field="since")
    return int(left), int(right)


def changes(device: Device, officer: User, since: str | None) -> dict:
    """The page of changes after `since` for this tablet and its officer."""
    after_version, after_assignment = parse_cursor(since)
    assignments = current_assignments(officer)
    for assignment in assignments:
        ensure_household_record(assignment.household)
    assigned = {a.household.uuid for a in assignments}
    rows = _changed_versions(device, assigned, after_version)
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    record_ids = list(dict.fromkeys(record_id for _id, record_id in rows))
    fresh = {a.household.uuid for a in assignments if a.id > after_assignment}
    records = _records(record_ids, fresh)
    last_version = rows[-1][0] if rows else after_version
    last_assignment = max([after_assignment, *(a.id for a in assignments)])
    return {
        "cursor": f"{last_version}.{last_assignment}",
        "more": more,
        "forms_etag": forms_etag(device.office_id),
        "assignments": [assignment_view(a) for a in assignments],
        "records": [record_view(record) for record in records],
    }


def current_assignments(officer: User, today: dt.date | None = None) -> list[FieldAssignment]:
    """The officer's assignments whose period has not ended, oldest first."""
    today = today or clock.today()
    query = (
        select(FieldAssignment)
        .where(FieldAssignment.officer_id == officer.id, FieldAssignment.period_end >= today)
        .order_by(FieldAssignment.id)
    )
    return list(db.session.scalars(query))


def _changed_versions(device: Device, assigned: set[str], after: int) -> list[tuple[int, int]]:
    query = (
        select(SyncRecordVersion.id, SyncRecordVersion.record_id)
        .join(SyncRecord, SyncRecord.id == SyncRecordVersion.record_id)
        .where(
            SyncRecordVersion.id > after,
            SyncRecordVersion.quarantined.is_(False),
            SyncRecord.quarantined.is_(False),
            or_(
                SyncRecord.device_id == device.id,
                SyncRecordVersion.device_id == device.id,
                SyncRecord.uuid.in_(sorted(assigned)),
            ),
        )
        .order_by(SyncRecordVersion.id)
        .limit(PAGE + 1)
    )
    return [tuple(row) for row in db.session.execute(query)]


def _records(record_ids: list[int], uuids: set[str]) -> list[SyncRecord]:
    if not record_ids and not uuids:
        return []
    query = (
        select(SyncRecord)
        .where(or_(SyncRecord.id.in_(record_ids), SyncRecord.uuid.in_(sorted(uuids))))
        .order_by(SyncRecord.id)
    )
    return list(db.session.scalars(query))


def record_view(record: SyncRecord) -> dict:
    return {
        "record_id": record.uuid,
        "form": record.form,
        "form_version": record.form_version,
        "version": record.version,
        "fields": record.fields or {},
        "flags": list(record.flags or []),
    }


def assignment_view(assignment: FieldAssignment) -> dict:
    home = assignment.household
    return {
        "id": assignment.id,
        "household_id": home.uuid,
        "form": assignment.form,
        "dusun": home.dusun,
        "rt": home.rt,
        "rw": home.rw,
        "address": home.address,
        "head_name": head_name(home),
        "period_start": assignment.period_start.isoformat(),
        "period_end": assignment.period_end.isoformat(),
        "done": assignment.done_at is not None,
    }


def head_name(home: Household) -> str | None:
    members = list(home.members)
    head = next((p for p in members if p.relation == HEAD), members[0] if members else None)
    return head.name if head is not None else None


def latest_form(form_id: str):
    """The newest published version of a form (None if it has none)."""
    version, newest = 1, None
    while (form := find_form(form_id, version)) is not None:
        newest, version = form, version + 1
    return newest


def ensure_household_record(home: Household) -> SyncRecord:
    """The household's sync record (record id = its UUID); made from its rows (and
    committed) when it has none, e.g. a household registered at the counter."""
    record = db.session.scalar(select(SyncRecord).where(SyncRecord.uuid == home.uuid))
    if record is not None:
        return record
    form = latest_form(HOUSEHOLD_FORM)
    fields = household_fields(home)
    now = clock.now()
    record = SyncRecord(
        uuid=home.uuid,
        office_id=home.office_id,
        form=HOUSEHOLD_FORM,
        form_version=form.version if form else 1,
        kind="household",
        fields=fields,
        version=1,
        flags=[],
        complete=True,
        quarantined=False,
        created_at=home.created_at or now,
        updated_at=now,
    )
    try:
        with write_lock():
            db.session.add(record)
            db.session.flush()
            db.session.add(
                SyncRecordVersion(
                    record_id=record.id,
                    version=1,
                    op_id=scoped_token("office", home.uuid),
                    base_version=None,
                    incoming=fields,
                    fields_after=fields,
                    changed=sorted(fields),
                    clashes={},
                    quarantined=False,
                    received_at=now,
                )
            )
            db.session.commit()
    except IntegrityError:  # made at the same moment by another request
        db.session.rollback()
        record = db.session.scalar(select(SyncRecord).where(SyncRecord.uuid == home.uuid))
    return record


def household_fields(home: Household) -> dict:
    """A household record's fields from the office's rows (empty values left out)."""
    fields = {
        "kk_number": home.kk_number,
        "address": home.address or None,
        "dusun": home.dusun,
        "rt": home.rt,
        "rw": home.rw,
        "members": [_member(person) for person in home.members],
    }
    return {name: value for name, value in fields.items() if value not in (None, "")}


def _member(person) -> dict:
    member = {
        "id": person.uuid,
        "name": person.name,
        "nik_status": "ada" if person.nik else (person.nik_absent or "lupa"),
        "nik": person.nik,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "birth_place": person.birth_place,
        "relation": person.relation,
    }
    return {name: value for name, value in member.items() if value not in (None, "")}
