"""The meeting's block on the welfare desk's home page (/puskesos)."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import VillageMeeting
from kiosk.welfare.dtks.service import listed_for_meeting
from kiosk.welfare.meeting.service import busy_proposal_ids


def home_block(office_id: int | None) -> dict:
    """The open meeting (else the next draft one) and how many listed proposals wait."""
    query = select(VillageMeeting).where(VillageMeeting.state != "closed")
    if office_id is not None:
        query = query.where(VillageMeeting.office_id == office_id)
    upcoming = list(db.session.scalars(query.order_by(VillageMeeting.held_at)))
    current = next((m for m in upcoming if m.state == "open"), None) or next(iter(upcoming), None)
    busy = busy_proposal_ids(office_id)
    waiting = [p for p in listed_for_meeting(office_id) if p.id not in busy]
    return {"meeting_current": current, "meeting_waiting": len(waiting)}
