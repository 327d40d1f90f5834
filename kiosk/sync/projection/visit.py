"""A DTKS visit record becomes a HouseholdVisit (uuid = the record's) keeping the criteria
version of its form; the household's open visit assignments covering that day are done,
unless nobody was met (tidak_ditemui): then the household stays on the worklist."""

from __future__ import annotations

from sqlalchemy import select

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import FieldAssignment, HouseholdVisit, SyncRecord, User
from kiosk.sync.forms import find_form
from kiosk.sync.projection.waiting import household_of
from kiosk.welfare.dtks.steps import on_visit_projected

VISIT_FORM = "dtks_visit"
NOT_MET = "tidak_ditemui"


def project_visit(record: SyncRecord, officer: User | None) -> HouseholdVisit | None:
    fields = record.fields or {}
    home = household_of(record)
    if home is None:
        return None
    visit = db.session.scalar(select(HouseholdVisit).where(HouseholdVisit.uuid == record.uuid))
    if visit is None:
        form = find_form(record.form, record.form_version)
        visit = HouseholdVisit(
            uuid=record.uuid,
            office_id=record.office_id,
            criteria_version=getattr(form, "criteria_version", None) or 1,
            visited_at=record.created_at,
            officer_id=officer.id if officer else None,
            device_id=record.device_id,
        )
        db.session.add(visit)
    visit.household_id = home.id
    visit.outcome = str(fields.get("outcome") or "")[:20]
    visit.criteria_met = list(fields.get("criteria_met") or [])
    visit.note = fields.get("note") or None
    visit.gps = fields.get("gps") or None
    visit.photos = list(fields.get("house_photos") or [])
    db.session.flush()
    if visit.outcome != NOT_MET:
        _mark_assignments_done(home.id, record)
    on_visit_projected(visit, officer)  # verifies the household's open DTKS proposal
    return visit


def _mark_assignments_done(household_id: int, record: SyncRecord) -> None:
    day = clock.local(record.created_at).date()
    query = select(FieldAssignment).where(
        FieldAssignment.household_id == household_id,
        FieldAssignment.form == VISIT_FORM,
        FieldAssignment.done_at.is_(None),
        FieldAssignment.period_start <= day,
        FieldAssignment.period_end >= day,
    )
    now = clock.now()
    for assignment in db.session.scalars(query):
        assignment.done_at = record.created_at
        assignment.updated_at = now
