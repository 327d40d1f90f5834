"""Projection: a synced record becomes the office's own rows (households and people, files,
household visits, complaints). Idempotent: a replay or a merged edit updates the same rows,
found by the record's UUID (and a member's id)."""

from __future__ import annotations

from kiosk.models import SyncRecord, User
from kiosk.sync.projection.complaint import project_complaint
from kiosk.sync.projection.household import project_household
from kiosk.sync.projection.request import project_request
from kiosk.sync.projection.visit import project_visit
from kiosk.sync.projection.waiting import HOUSEHOLD_MISSING, retry_waiting

PROJECTIONS = {
    "household": project_household,
    "document_request": project_request,
    "dtks_visit": project_visit,
    "complaint": project_complaint,
}


def project(record: SyncRecord, officer: User | None) -> None:
    """Make or update the office's rows for a record (not quarantined ones); flushed, the
    caller commits. A household also projects the requests and visits that waited for it."""
    projection = PROJECTIONS.get(record.kind)
    if record.quarantined or projection is None:  # an unknown form, kept in quarantine
        return
    projection(record, officer)
    if record.kind == "household":
        retry_waiting(record.uuid, lambda waiting: project(waiting, officer))


__all__ = ["HOUSEHOLD_MISSING", "project"]
