"""Requests and visits that named a household the office did not have yet: they wait
(flagged) and are projected when that household's record arrives."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import String, cast, select

from kiosk.extensions import db
from kiosk.models import Household, SyncRecord
from kiosk.sync.projection.flags import add_flag, drop_flag

HOUSEHOLD_MISSING = "household_missing"


def household_of(record: SyncRecord) -> Household | None:
    """The household a request or a visit names (its record UUID); flags the record while
    the office does not have it."""
    ref = (record.fields or {}).get("household")
    home = db.session.scalar(select(Household).where(Household.uuid == ref)) if ref else None
    if home is None:
        add_flag(record, HOUSEHOLD_MISSING)
    else:
        drop_flag(record, HOUSEHOLD_MISSING)
    return home


def retry_waiting(household_uuid: str, again: Callable[[SyncRecord], None]) -> None:
    """Project again the records that waited for this household."""
    query = select(SyncRecord).where(
        SyncRecord.kind.in_(("document_request", "dtks_visit")),
        SyncRecord.quarantined.is_(False),
        cast(SyncRecord.flags, String).contains(HOUSEHOLD_MISSING),
    )
    for record in db.session.scalars(query):
        fields = record.fields or {}
        if HOUSEHOLD_MISSING in (record.flags or []) and fields.get("household") == household_uuid:
            again(record)
