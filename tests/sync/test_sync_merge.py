"""Edits merge per field against the version they started from: disjoint edits both land, the
same value twice is no clash, a clash keeps the server's value and records the incoming one
for review — nothing is dropped."""

from __future__ import annotations

from sqlalchemy import select
from sync_support import API, auth, enrolled, household, op_body, put_op

from kiosk.extensions import db
from kiosk.models import SyncRecordVersion
from kiosk.sync.merge import merge

BASE = {"address": "Jl. Kenanga 5", "rt": "003", "rw": "001"}


def test_disjoint_edits_both_land():
    current = {**BASE, "rt": "004"}  # the other tablet changed rt
    result = merge(BASE, current, {**BASE, "rw": "002"}, behind=True)
    assert result.fields == {**BASE, "rt": "004", "rw": "002"}
    assert result.changed == ["rw"] and result.clashes == {} and result.kind == "parallel"


def test_the_same_value_on_both_sides_is_no_clash():
    current = {**BASE, "rt": "004"}
    result = merge(BASE, current, {**BASE, "rt": "004"}, behind=True)
    assert result.fields == current and result.clashes == {} and result.kind == "parallel"


def test_a_clash_keeps_the_server_value_and_records_both():
    current = {**BASE, "rt": "004"}
    result = merge(BASE, current, {**BASE, "rt": "005", "rw": "002"}, behind=True)
    assert result.fields == {**BASE, "rt": "004", "rw": "002"}
    assert result.clashes == {"rt": {"kept": "004", "incoming": "005"}}
    assert result.kind == "conflict"


def test_an_edit_of_the_latest_version_applies_whole_and_removes_emptied_fields():
    with_phone = {**BASE, "phone": "081234567890"}
    result = merge(with_phone, with_phone, {**BASE, "rt": "009"}, behind=False)
    assert result.fields == {**BASE, "rt": "009"} and result.kind is None
    assert result.changed == ["phone", "rt"]


def test_json_types_are_compared_strictly():
    result = merge({"n": 1}, {"n": True}, {"n": 2}, behind=True)
    assert result.clashes == {"n": {"kept": True, "incoming": 2}}


def test_two_tablets_edit_one_household_offline_and_the_clash_is_flagged(app, client):
    first = enrolled(app, client)
    second = enrolled(app, client, "Tablet dua", seeded=True)
    create = op_body(household(2))
    assert put_op(client, first, create).status_code == 201
    mine = {**create["fields"], "rt": "004", "address": "Jl. Kenanga 7"}
    theirs = {**create["fields"], "rt": "005", "rw": "002"}
    assert put_op(client, first, {**create, "base_version": 1, "fields": mine}).status_code == 201
    clash = put_op(client, second, {**create, "base_version": 1, "fields": theirs})
    assert clash.status_code == 201
    answer = clash.get_json()
    assert answer["status"] == "conflict_flagged" and answer["version"] == 3
    assert "conflict" in answer["flags"]
    record = client.get(f"{API}/sync/records/{create['record_id']}", headers=auth(second))
    fields = record.get_json()["fields"]
    assert fields["rt"] == "004" and fields["address"] == "Jl. Kenanga 7" and fields["rw"] == "002"
    with app.app_context():
        row = db.session.scalar(select(SyncRecordVersion).where(SyncRecordVersion.version == 3))
        assert row.merge_kind == "conflict" and row.review == "open"
        assert row.clashes == {"rt": {"kept": "004", "incoming": "005"}}
        assert row.incoming == theirs and row.base_version == 1
