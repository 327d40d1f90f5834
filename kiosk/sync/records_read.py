"""Who may read a synced record: the tablet that made or edited it, or that was given its
household to visit (staff: any record of their office, see kiosk.sync.api)."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Device, FieldAssignment, Household, SyncRecord, SyncRecordVersion


def find_record(record_uuid: str) -> SyncRecord | None:
    return db.session.scalar(select(SyncRecord).where(SyncRecord.uuid == record_uuid))


def readable_by_device(record: SyncRecord, device: Device) -> bool:
    if record.device_id == device.id:
        return True
    edited = select(SyncRecordVersion.id).where(
        SyncRecordVersion.record_id == record.id, SyncRecordVersion.device_id == device.id
    )
    if db.session.scalar(edited.limit(1)) is not None:
        return True
    assigned = (
        select(FieldAssignment.id)
        .join(Household, Household.id == FieldAssignment.household_id)
        .where(Household.uuid == record.uuid, FieldAssignment.officer_id == device.user_id)
    )
    return db.session.scalar(assigned.limit(1)) is not None
