"""Finding a complaint by its tracking code (the public status page, the kiosk screens)."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Complaint
from kiosk.tracking import normalise


def find_complaint(code: str | None) -> Complaint | None:
    """A complaint by tracking code (any case, confusable letters tolerated), or None."""
    canonical = normalise(code or "")
    if canonical is None:
        return None
    return db.session.scalar(select(Complaint).where(Complaint.tracking_code == canonical))
