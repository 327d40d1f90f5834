"""The sync protocol with the Flask test client: ops applied once (201, replay 200, another
body 409), 422 per field, photos awaited then held, records read back, edits of an unknown
base or of an append-only form refused; every answer JSON echoing what was asked."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from staff_support import bearer
from sync_support import (
    API,
    auth,
    enrolled,
    household,
    jpeg,
    op_body,
    put_blob,
    put_op,
)

from kiosk.extensions import db
from kiosk.models import SyncRecord, SyncRecordBlob, SyncRecordVersion

OP = "7d3c1a2b-5e6f-4a8b-9c0d-1e2f3a4b5c6d"


def _visit(household_id: str, photos: list[str]) -> dict:
    return op_body(
        {
            "household": household_id,
            "outcome": "ditemui",
            "criteria_met": ["k01", "k03"],
            "house_photos": photos,
        },
        form="dtks_visit",
        blobs=photos,
    )


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_an_op_is_applied_once_a_replay_is_200_and_another_body_is_409(app, client):
    tablet = enrolled(app, client)
    body = op_body(household(3))
    first = put_op(client, tablet, body, OP.upper())
    assert first.status_code == 201 and first.is_json
    answer = first.get_json()
    assert answer == {
        "op_id": OP,
        "record_id": body["record_id"],
        "status": "applied",
        "version": 1,
        "missing_blobs": [],
        "flags": [],
    }
    replay = put_op(client, tablet, body, OP)
    assert replay.status_code == 200 and replay.get_json() == answer
    other = put_op(client, tablet, {**body, "fields": household(1)}, OP)
    assert other.status_code == 409 and other.get_json()["error"] == "idempotency_conflict"
    assert _count(app, SyncRecord) == 1 and _count(app, SyncRecordVersion) == 1


def test_wrong_fields_are_a_422_naming_each_one_and_store_nothing(app, client):
    tablet = enrolled(app, client)
    fields = household(2, rt="abc")
    fields["members"][1]["sex"] = "X"
    fields["warna"] = "merah"
    refused = put_op(client, tablet, op_body(fields), OP)
    assert refused.status_code == 422
    answer = refused.get_json()
    assert answer["error"] == "invalid_fields" and answer["message"]
    assert {"rt", "members.1.sex", "fields"} <= set(answer["fields"])
    assert all(isinstance(text, str) and text for text in answer["fields"].values())
    unknown = put_op(client, tablet, op_body(household(), form="sensus"), OP)
    assert unknown.status_code == 422 and unknown.get_json()["error"] == "unknown_form"
    bad_id = client.put(
        f"{API}/sync/ops/not-a-uuid", json=op_body(household()), headers=auth(tablet)
    )
    assert bad_id.status_code == 422 and bad_id.get_json()["field"] == "op_id"
    assert put_op(client, tablet, op_body(household()), OP).status_code == 201  # not used up
    assert _count(app, SyncRecord) == 1


def test_the_photos_sent_must_be_the_photos_named(app, client):
    tablet = enrolled(app, client)
    _data, sha256 = jpeg(1)
    body = _visit(str(uuid.uuid4()), [sha256])
    refused = put_op(client, tablet, {**body, "blobs": []}, OP)
    assert refused.status_code == 422 and "blobs" in refused.get_json()["fields"]


def test_a_record_waits_for_its_photos_and_is_complete_when_all_are_held(app, client):
    tablet = enrolled(app, client)
    (one, sha_one), (two, sha_two) = jpeg(1), jpeg(2)
    held = put_blob(client, tablet, one, sha_one)
    assert held.status_code == 201 and held.get_json()["sha256"] == sha_one
    assert put_blob(client, tablet, one, sha_one).status_code == 200
    body = _visit(str(uuid.uuid4()), [sha_one, sha_two])
    sent = put_op(client, tablet, body, OP).get_json()
    assert sent["status"] == "awaiting_blobs" and sent["missing_blobs"] == [sha_two]
    read = client.get(f"{API}/sync/records/{body['record_id']}", headers=auth(tablet))
    assert read.get_json()["complete"] is False
    wrong = put_blob(client, tablet, two[:-1] + b"x", sha_two)
    assert wrong.status_code == 422 and wrong.get_json()["error"] == "bad_blob"
    not_jpeg = client.put(
        f"{API}/sync/blobs/{sha_two}",
        data=two,
        headers=auth(tablet, **{"Content-Type": "image/png"}),
    )
    assert not_jpeg.status_code == 422
    assert put_blob(client, tablet, two, sha_two).status_code == 201
    read = client.get(f"{API}/sync/records/{body['record_id']}", headers=auth(tablet))
    assert read.status_code == 200 and read.get_json()["complete"] is True
    assert read.get_json()["record_id"] == body["record_id"]
    with app.app_context():
        rows = db.session.scalars(select(SyncRecordBlob)).all()
        assert sorted(r.sha256 for r in rows if r.present) == sorted([sha_one, sha_two])


def test_a_photo_over_8_mb_is_413(app, client):
    tablet = enrolled(app, client)
    data = b"\xff\xd8" + bytes(8 * 1024 * 1024)
    answer = put_blob(client, tablet, data, "a" * 64)
    assert answer.status_code == 413 and answer.is_json


def test_a_record_is_read_by_its_tablet_and_staff_not_by_another_tablet(app, client):
    tablet = enrolled(app, client)
    other = enrolled(app, client, "Tablet dua", seeded=True)
    body = op_body(household())
    put_op(client, tablet, body, OP)
    url = f"{API}/sync/records/{body['record_id']}"
    mine = client.get(url, headers=auth(tablet)).get_json()
    assert mine["version"] == 1 and mine["fields"] == body["fields"] and mine["flags"] == []
    assert client.get(url, headers=auth(other)).status_code == 404
    assert client.get(url, headers=bearer(client, "petugas1")).get_json() == mine
    assert client.get(url, headers=bearer(client, "lapangan")).status_code == 403
    assert client.get(url).status_code == 401
    missing = client.get(f"{API}/sync/records/{uuid.uuid4()}", headers=auth(tablet))
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"


def test_an_edit_of_an_unknown_base_is_409_and_can_be_sent_again_later(app, client):
    tablet = enrolled(app, client)
    create = op_body(household())
    edit = {**create, "base_version": 1, "fields": {**create["fields"], "rt": "004"}}
    early = put_op(client, tablet, edit, OP)
    assert early.status_code == 409 and early.get_json()["error"] == "base_not_found"
    assert put_op(client, tablet, create).status_code == 201
    later = put_op(client, tablet, edit, OP)
    assert later.status_code == 201 and later.get_json()["version"] == 2
    record = client.get(f"{API}/sync/records/{create['record_id']}", headers=auth(tablet))
    assert record.get_json()["fields"]["rt"] == "004"


def test_an_append_only_record_is_never_edited(app, client):
    tablet = enrolled(app, client)
    visit = op_body({"household": str(uuid.uuid4()), "outcome": "tidak_ditemui"}, form="dtks_visit")
    assert put_op(client, tablet, visit).status_code == 201
    edit = {**visit, "base_version": 1, "fields": {**visit["fields"], "note": "datang lagi"}}
    refused = put_op(client, tablet, edit)
    assert refused.status_code == 422 and refused.get_json()["error"] == "append_only"


def test_answers_are_json_even_for_a_body_that_is_not(app, client):
    tablet = enrolled(app, client)
    html = client.put(
        f"{API}/sync/ops/{OP}",
        data="<html>portal</html>",
        headers=auth(tablet, **{"Content-Type": "text/html"}),
    )
    assert html.status_code == 415 and html.is_json
