"""A complaint recorded on a field tablet becomes a complaint at the office (channel field, the
tablet's tracking code, on /s/<code>); a replay makes no copy; a code already taken is kept in
quarantine; a phone without consent is not kept."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select
from staff_support import user
from sync_support import enrolled, op_body, put_op

from kiosk.extensions import db
from kiosk.models import Complaint, SyncRecord
from kiosk.tracking import new_code

pytestmark = pytest.mark.data_layer


def _complaint(code: str, **fields) -> dict:
    return op_body(
        {"category": "diminta_membayar", "asked_to_pay": "ya", "tracking_code": code, **fields},
        form="complaint",
    )


def test_a_field_complaint_reaches_the_office_once(app, client):
    tablet = enrolled(app, client)
    code = new_code()
    body = _complaint(
        code,
        text="Diminta uang bensin",
        officer_name="Loket 1",
        reporter_phone="081234567890",
        phone_consent="tidak",
    )
    op = str(uuid.uuid4())
    assert put_op(client, tablet, body, op_id=op).status_code == 201
    replay = put_op(client, tablet, body, op_id=op)  # the tablet resends: the same answer
    assert replay.status_code in (200, 201)
    with app.app_context():
        (complaint,) = db.session.scalars(select(Complaint)).all()
        assert (complaint.uuid, complaint.tracking_code) == (body["record_id"], code)
        assert complaint.channel == "field" and complaint.asked_to_pay and complaint.about_officer
        assert complaint.officer_id == user("petugas1").id  # Loket 1 is petugas1's counter
        assert complaint.reporter_phone is None and complaint.phone_consent is False
        assert complaint.created_by_id == user("lapangan").id
    page = client.get(f"/s/{code}")
    assert page.status_code == 200 and "Status pengaduan" in page.text
    assert "Loket 1" not in page.text


def test_a_taken_code_is_held_for_review(app, client):
    tablet = enrolled(app, client)
    code = new_code()
    assert put_op(client, tablet, _complaint(code)).status_code == 201
    second = _complaint(code)
    put_op(client, tablet, second)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Complaint)) == 1
        held = db.session.scalar(select(SyncRecord).where(SyncRecord.uuid == second["record_id"]))
        assert held.quarantined and "code_taken" in held.flags
