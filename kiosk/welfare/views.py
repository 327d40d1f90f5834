"""The welfare desk home /puskesos: DTKS proposals by stage, and the blocks other welfare
features register (referral suggestions and follow-ups, the next village meeting)."""

from __future__ import annotations

from flask import g, render_template

from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.files.applicant import sees_full_data
from kiosk.offices.current import current_office
from kiosk.welfare import bp
from kiosk.welfare.dtks.rows import proposal_rows
from kiosk.welfare.dtks.stages import stage_summary
from kiosk.welfare.home_blocks import home_context


@bp.get("")
@staff_required(Action.WELFARE_READ)
def home():
    """The Puskesos desk's start page."""
    office_id = current_office().id
    full = sees_full_data(g.staff_user)
    stages = stage_summary(office_id, rows=lambda found: proposal_rows(found, full))
    return render_template("welfare/home.html", stages=stages, **home_context(office_id))
