"""The office decides on clashes and quarantined data: accepting applies the tablet's values
as a new version (projected), rejecting keeps what the server had; both are recorded, nothing
is deleted, and a decision is taken once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from staff_support import user
from sync_support import enrolled, household, op_body, put_op

from kiosk.devices.service import revoke
from kiosk.extensions import db
from kiosk.models import Household, SyncRecord, SyncRecordVersion
from kiosk.offices.service import find_first_office
from kiosk.sync.review import AlreadyDecided, decide, open_reviews


def _clash(app, client) -> dict:
    first = enrolled(app, client)
    second = enrolled(app, client, "Tablet dua", seeded=True)
    create = op_body(household())
    put_op(client, first, create)
    put_op(
        client, first, {**create, "base_version": 1, "fields": {**create["fields"], "rt": "004"}}
    )
    theirs = {**create, "base_version": 1, "fields": {**create["fields"], "rt": "005"}}
    assert put_op(client, second, theirs).get_json()["status"] == "conflict_flagged"
    return create


def _decide_only_open(accept: bool) -> SyncRecordVersion:
    office_id = find_first_office().id
    (row,) = open_reviews(office_id)
    return decide(row.id, office_id, user("admin"), accept=accept)


def test_accepting_a_clash_takes_the_tablets_value_as_a_new_version(app, client):
    create = _clash(app, client)
    with app.test_request_context():
        row = _decide_only_open(accept=True)
        assert row.review == "accepted" and row.reviewed_by.username == "admin"
        record = db.session.scalar(select(SyncRecord))
        assert record.fields["rt"] == "005" and record.version == 4
        assert "conflict" not in record.flags
        home = db.session.scalar(select(Household).where(Household.uuid == create["record_id"]))
        assert home.rt == "005"
        assert open_reviews(find_first_office().id) == []
        with pytest.raises(AlreadyDecided):
            decide(row.id, find_first_office().id, user("admin"), accept=False)


def test_rejecting_a_clash_keeps_the_server_value_and_the_record_of_both(app, client):
    _clash(app, client)
    with app.test_request_context():
        row = _decide_only_open(accept=False)
        assert row.review == "rejected" and row.clashes["rt"]["incoming"] == "005"
        record = db.session.scalar(select(SyncRecord))
        assert record.fields["rt"] == "004" and record.version == 3
        assert "conflict" not in record.flags


@pytest.mark.parametrize("accept", [True, False])
def test_quarantined_data_is_released_or_kept_aside(app, client, accept):
    tablet = enrolled(app, client)
    with app.app_context():
        revoke(tablet["device_id"], find_first_office().id)
    body = op_body(household(2))
    assert put_op(client, tablet, body).status_code == 403
    with app.test_request_context():
        _decide_only_open(accept=accept)
        record = db.session.scalar(select(SyncRecord))
        homes = db.session.scalar(select(func.count(Household.id)))
        if accept:
            assert not record.quarantined and "quarantined" not in record.flags
            assert record.version == 2 and homes == 1
        else:
            assert record.quarantined and record.fields == body["fields"] and homes == 0
