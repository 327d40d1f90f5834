"""The desk list of files taken door to door (CaseFile.source == "field").

They keep their own due dates from the visit day and their own list, overdue first, so they
are never put behind the walk-in queue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import CaseFile, Service
from kiosk.offices.service import office_filter

FIELD = "field"
LIST_LIMIT = 300


def open_field_files(today: dt.date | None = None) -> list[CaseFile]:
    """Open field files of the office: overdue first (oldest due first), then by due date."""
    today = today or clock.today()
    overdue = case((CaseFile.due_date < today, 0), else_=1)
    no_due_date = case((CaseFile.due_date.is_(None), 1), else_=0)
    query = (
        select(CaseFile)
        .where(CaseFile.source == FIELD, CaseFile.closed.is_(False), *office_filter(CaseFile))
        .order_by(overdue, no_due_date, CaseFile.due_date, CaseFile.accepted_at)
        .limit(LIST_LIMIT)
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class ServiceCount:
    """Field files of one service: open, of which overdue, and closed."""

    service: Service
    open: int
    overdue: int
    closed: int


def counts_per_service(today: dt.date | None = None) -> list[ServiceCount]:
    """How many field files each service has, most open first."""
    today = today or clock.today()
    is_open = CaseFile.closed.is_(False)
    query = (
        select(
            CaseFile.service_id,
            func.sum(case((is_open, 1), else_=0)),
            func.sum(case((is_open & (CaseFile.due_date < today), 1), else_=0)),
            func.sum(case((is_open, 0), else_=1)),
        )
        .where(CaseFile.source == FIELD, *office_filter(CaseFile))
        .group_by(CaseFile.service_id)
    )
    rows = db.session.execute(query).all()
    services = {
        s.id: s
        for s in db.session.scalars(select(Service).where(Service.id.in_([row[0] for row in rows])))
    }
    counts = [
        ServiceCount(services[sid], int(o or 0), int(late or 0), int(c or 0))
        for sid, o, late, c in rows
    ]
    return sorted(counts, key=lambda count: (-count.open, count.service.id))
