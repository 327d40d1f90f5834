"""The staff list of complaints: filters and counts, always over `visible_complaints`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from kiosk import clock
from kiosk.complaints.states import OPEN_STATES
from kiosk.complaints.visibility import visible_complaints
from kiosk.extensions import db
from kiosk.models import Complaint, User
from kiosk.tracking import normalise

PAGE_SIZE = 100


@dataclass(frozen=True)
class Filters:
    """What the officer picked: a state, a category, only overdue, a tracking code."""

    state: str | None = None
    category: str | None = None
    overdue: bool = False
    code: str | None = None


def complaint_list(user: User, filters: Filters) -> list[Complaint]:
    """The complaints `user` may see that match, open and oldest deadline first."""
    query = _filtered(visible_complaints(user), filters)
    order = (Complaint.state == "selesai", Complaint.due_date, Complaint.id)
    return list(db.session.scalars(query.order_by(*order).limit(PAGE_SIZE)))


def _filtered(query, filters: Filters):
    if filters.state in Complaint.STATES:
        query = query.where(Complaint.state == filters.state)
    if filters.category:
        query = query.where(Complaint.category == filters.category)
    if filters.overdue:
        query = query.where(*overdue_conditions())
    if filters.code:
        query = query.where(Complaint.tracking_code == (normalise(filters.code) or "-"))
    return query


def overdue_conditions() -> tuple:
    """Still open and past its answer date."""
    return (Complaint.state.in_(OPEN_STATES), Complaint.due_date < clock.today())


def state_counts(user: User) -> dict[str, int]:
    """How many complaints `user` may see in each state, and how many are overdue."""
    visible = visible_complaints(user).subquery()
    rows = db.session.execute(select(visible.c.state, func.count()).group_by(visible.c.state))
    counts = {state: 0 for state in Complaint.STATES} | dict(rows.all())
    late = visible_complaints(user).where(*overdue_conditions()).subquery()
    counts["terlambat"] = db.session.scalar(select(func.count()).select_from(late)) or 0
    return counts


def is_overdue(complaint: Complaint) -> bool:
    """The Python twin of `overdue_conditions` for one loaded complaint (the page's badge)."""
    return complaint.state in OPEN_STATES and complaint.due_date < clock.today()
