"""What the household page shows of DTKS: its open (or last) proposal and its stage."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.files.service import file_workflow
from kiosk.models import DtksProposal, Household
from kiosk.welfare.dtks.national import national_names
from kiosk.welfare.dtks.service import open_proposal, proposal_of


def dtks_household_section(home: Household) -> dict:
    """{open, last, stage}: the open proposal (or the last one) and its stage's label."""
    current = open_proposal(home.id)
    last = current or db.session.scalar(
        select(DtksProposal)
        .where(DtksProposal.household_id == home.id)
        .order_by(DtksProposal.id.desc())
        .limit(1)
    )
    stage = file_workflow(last.file).status(last.file.status).text("label") if last else None
    return {"open": current, "last": last, "stage": stage}


def init_dtks_sections(app: Flask) -> None:
    """Template helpers: `dtks_household_section(home)` for the household page and
    `dtks_proposal_of(case)` for a DTKS file's page, `dtks_names()` (DTSEN, SIKS-NG)."""
    app.jinja_env.globals.update(
        dtks_household_section=dtks_household_section,
        dtks_proposal_of=proposal_of,
        dtks_names=national_names,
    )
