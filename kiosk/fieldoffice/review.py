"""What the office's review pages show of field data: clashes kept from parallel edits, ops
that arrived from a revoked tablet (quarantined), records held back, decisions taken, and the
sync history of a tablet or a household. The decisions themselves are kiosk.sync.review's.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.fieldoffice.values import field_label, shown_field
from kiosk.models import SyncRecord, SyncRecordVersion
from kiosk.offices.service import office_filter
from kiosk.sync.merge import same
from kiosk.sync.review import open_reviews

OPEN = "open"
QUEUE_LIMIT = 200
HISTORY_LIMIT = 300


@dataclass(frozen=True)
class Clash:
    """One field two tablets changed differently: the value kept and the one that came in."""

    name: str
    label: str
    kept: str
    incoming: str


@dataclass(frozen=True)
class ReviewItem:
    """One op waiting for a decision."""

    version: SyncRecordVersion
    full: bool = False  # may read NIK and KK numbers whole

    @property
    def record(self) -> SyncRecord:
        return self.version.record

    @property
    def quarantined(self) -> bool:
        return bool(self.version.quarantined)

    @property
    def clashes(self) -> list[Clash]:
        """Both values of each clashing field; for a quarantined edit, each field it would
        change (what the record holds now, and what the tablet sent)."""
        record = self.record
        if self.quarantined:
            if record.quarantined:
                return []
            current = record.fields or {}
            pairs = {
                name: {"kept": current.get(name), "incoming": value}
                for name, value in (self.version.incoming or {}).items()
                if not same(value, current.get(name))
            }
        else:
            pairs = self.version.clashes or {}
        return [
            Clash(
                name,
                field_label(record.form, record.form_version, name),
                shown_field(name, values.get("kept"), self.full),
                shown_field(name, values.get("incoming"), self.full),
            )
            for name, values in sorted(pairs.items())
        ]

    @property
    def incoming(self) -> list[tuple[str, str]]:
        """(label, value) of what a quarantined op that made its record carried."""
        record = self.record
        if not (self.quarantined and record.quarantined):
            return []
        return [
            (
                field_label(record.form, record.form_version, name),
                shown_field(name, value, self.full),
            )
            for name, value in (self.version.incoming or {}).items()
        ]

    @property
    def who(self) -> str:
        user = self.version.user
        device = self.version.device
        person = (user.display_name or user.username) if user else _("tidak diketahui")
        return f"{person} · {device.name}" if device else person


def review_queue(office_id: int, full: bool = False) -> list[ReviewItem]:
    """Open decisions of the office (the sync package's list), oldest first."""
    return [ReviewItem(version, full) for version in open_reviews(office_id)[:QUEUE_LIMIT]]


def held_records() -> list[SyncRecord]:
    """Records held back with no op to decide on (a tracking code already used by another
    file, say): kept and shown until the office sorts them out at the counter."""
    waiting = select(SyncRecordVersion.id).where(
        SyncRecordVersion.record_id == SyncRecord.id, SyncRecordVersion.review == OPEN
    )
    query = (
        select(SyncRecord)
        .where(SyncRecord.quarantined.is_(True), ~waiting.exists(), *office_filter(SyncRecord))
        .order_by(SyncRecord.updated_at)
        .limit(QUEUE_LIMIT)
    )
    return list(db.session.scalars(query))


def decided() -> list[SyncRecordVersion]:
    """The latest decisions taken, newest first."""
    query = (
        select(SyncRecordVersion)
        .join(SyncRecord, SyncRecordVersion.record_id == SyncRecord.id)
        .where(SyncRecordVersion.review.in_(("accepted", "rejected")), *office_filter(SyncRecord))
        .order_by(SyncRecordVersion.reviewed_at.desc())
        .limit(50)
    )
    return list(db.session.scalars(query))


def device_history(device_id: int) -> list[SyncRecordVersion]:
    """Every op a tablet sent that the server applied or kept, newest first."""
    query = (
        select(SyncRecordVersion)
        .join(SyncRecord, SyncRecordVersion.record_id == SyncRecord.id)
        .where(SyncRecordVersion.device_id == device_id, *office_filter(SyncRecord))
        .order_by(SyncRecordVersion.id.desc())
        .limit(HISTORY_LIMIT)
    )
    return list(db.session.scalars(query))


def record_history(record_uuid: str) -> list[SyncRecordVersion]:
    """The versions of one synced record (a household's), newest first."""
    query = (
        select(SyncRecordVersion)
        .join(SyncRecord, SyncRecordVersion.record_id == SyncRecord.id)
        .where(SyncRecord.uuid == record_uuid, *office_filter(SyncRecord))
        .order_by(SyncRecordVersion.id.desc())
        .limit(HISTORY_LIMIT)
    )
    return list(db.session.scalars(query))
