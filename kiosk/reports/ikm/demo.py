"""Demo IKM surveys for `satupintu demo`: about a third of the demo's served tickets rated,
mostly kind answers, so `make run` shows an index on /laporan/ikm."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import IkmResponse, Ticket
from kiosk.reports.ikm.demographics import FIELDS
from kiosk.reports.ikm.index import CODES

WEIGHTS = (0.04, 0.14, 0.52, 0.30)  # answers 1..4


def seed_ikm_demo(seed: int = 2026) -> int:
    """Rate some served tickets that have no survey yet; how many were added."""
    rng = random.Random(seed)
    rated = select(IkmResponse.ticket_id).where(IkmResponse.ticket_id.is_not(None))
    tickets = db.session.scalars(
        select(Ticket).where(Ticket.state == "done", Ticket.id.not_in(rated)).order_by(Ticket.id)
    ).all()
    added = 0
    for ticket in tickets:
        if rng.random() > 0.35:
            continue
        answers = {code: rng.choices((1, 2, 3, 4), WEIGHTS)[0] for code in CODES}
        about = {
            field.name: rng.choice(field.codes) if rng.random() < 0.7 else None for field in FIELDS
        }
        db.session.add(
            IkmResponse(
                office_id=ticket.office_id,
                ticket_id=ticket.id,
                service_id=ticket.service_id,
                channel="kiosk",
                day=ticket.day,
                created_at=(ticket.finished_at or ticket.issued_at) + dt.timedelta(minutes=2),
                **answers,
                **about,
            )
        )
        added += 1
    return added
