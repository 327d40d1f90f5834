"""A DTKS visit synced from a tablet verifies the household's open DTKS proposal."""

from __future__ import annotations

from sqlalchemy import select
from sync_support import enrolled, household, op_body, put_op

from kiosk.extensions import db
from kiosk.models import Household, HouseholdVisit
from kiosk.welfare.dtks.service import open_proposal, propose


def test_a_projected_visit_moves_the_open_proposal_to_verified(app, client):
    tablet = enrolled(app, client)
    home = op_body(household(1))
    assert put_op(client, tablet, home).status_code == 201
    with app.test_request_context():
        row = db.session.scalar(select(Household).where(Household.uuid == home["record_id"]))
        code = propose(row, "baru", None, channel="desk").tracking_code
        household_id = row.id
    nobody = op_body(
        {"household": home["record_id"], "outcome": "tidak_ditemui"}, form="dtks_visit"
    )
    assert put_op(client, tablet, nobody).get_json()["status"] == "applied"
    with app.test_request_context():
        assert open_proposal(household_id).file.status == "diusulkan"
    visit = op_body(
        {"household": home["record_id"], "outcome": "pindah", "note": "Pindah ke kota"},
        form="dtks_visit",
    )
    assert put_op(client, tablet, visit).get_json()["status"] == "applied"
    with app.test_request_context():
        proposal = open_proposal(household_id)
        assert proposal.file.tracking_code == code
        assert proposal.file.status == "diverifikasi"
        linked = db.session.get(HouseholdVisit, proposal.visit_id)
        assert linked.uuid == visit["record_id"]
        assert proposal.file.history[-1].user.username == "lapangan"
