"""Tablet enrolment and control: a one-time code for a lapangan officer, the bearer token, the
queue size the tablet reports, revoke (refused with a clear message, data kept in quarantine)
and wipe (Clear-Site-Data)."""

from __future__ import annotations

import datetime as dt

from kiosk_support import new_pairing_code
from sqlalchemy import select
from staff_support import bearer, seed
from sync_support import (
    API,
    auth,
    enrolled,
    household,
    jpeg,
    new_tablet,
    op_body,
    put_blob,
    put_op,
)

from kiosk.devices.service import revoke
from kiosk.extensions import db
from kiosk.models import Attachment, Device, SyncRecord, SyncRecordVersion
from kiosk.sync.tablets import request_wipe

REVOKED = (
    "Tablet ini sudah dicabut aksesnya oleh admin kantor desa. Data di tablet tetap aman; "
    "hubungi kantor desa."
)


def test_an_admin_adds_a_tablet_and_the_tablet_enrols_once(app, client, clock):
    seed(app)
    admin = bearer(client, "admin")
    asked = {"user": "lapangan", "name": "Tablet 1"}
    made = client.post(f"{API}/devices", json=asked, headers=admin)
    assert made.status_code == 201, made.get_json()
    code = made.get_json()["enrolment_code"]
    expires = dt.datetime.fromisoformat(made.get_json()["expires_at"])
    assert len(code.replace("-", "")) == 8 and expires == clock() + dt.timedelta(minutes=15)
    enrolment = client.post(f"{API}/devices/enrol", json={"enrolment_code": code.lower()})
    assert enrolment.status_code == 201
    answer = enrolment.get_json()
    assert answer["device_id"] == made.get_json()["device_id"]
    assert answer["officer"] == {"username": "lapangan", "display_name": "Petugas Lapangan"}
    assert answer["office"]["name"] and len(answer["token"]) >= 40
    again = client.post(f"{API}/devices/enrol", json={"enrolment_code": code})
    assert again.status_code == 422 and again.get_json()["error"] == "pairing_code_invalid"
    with app.app_context():
        device = db.session.get(Device, answer["device_id"])
        assert device.kind == "tablet" and device.user.username == "lapangan"
        assert device.token_hash and answer["token"] not in device.token_hash


def test_a_tablet_is_only_for_an_active_field_officer_and_only_admins_add_one(app, client):
    seed(app)
    admin = bearer(client, "admin")
    for user in ("petugas1", "nobody", ""):
        refused = client.post(f"{API}/devices", json={"user": user, "name": "T"}, headers=admin)
        assert refused.status_code == 422, user
    body = refused.get_json()
    assert body["error"] in ("invalid_device", "invalid_field") and body["message"]
    petugas = bearer(client, "petugas1")
    answer = client.post(f"{API}/devices", json={"user": "lapangan", "name": "T"}, headers=petugas)
    assert answer.status_code == 403


def test_codes_do_not_cross_between_kiosks_and_tablets(app, client):
    seed(app)
    _kiosk_id, kiosk_code = new_pairing_code(app)
    refused = client.post(f"{API}/devices/enrol", json={"enrolment_code": kiosk_code})
    assert refused.status_code == 422
    _tablet_id, tablet_code = new_tablet(app)
    assert client.post("/kios/pasang", data={"code": tablet_code}).status_code == 422
    enrolment = client.post(f"{API}/devices/enrol", json={"enrolment_code": tablet_code})
    assert enrolment.status_code == 201


def test_an_unknown_token_is_401_and_every_call_stores_the_reported_queue(app, client, clock):
    tablet = enrolled(app, client)
    for headers in ({}, {"Authorization": "Bearer nope"}, bearer(client, "admin")):
        answer = client.get(f"{API}/sync/changes", headers=headers)
        assert answer.status_code == 401 and answer.get_json()["error"] == "device_unknown"
    clock.advance(minutes=3)
    pulled = client.get(f"{API}/sync/changes", headers=auth(tablet, **{"X-Satupintu-Pending": "7"}))
    assert pulled.status_code == 200
    client.get(f"{API}/sync/changes", headers=auth(tablet, **{"X-Satupintu-Pending": "lots"}))
    with app.app_context():
        device = db.session.get(Device, tablet["device_id"])
        assert device.pending_reported == 7 and device.pending_reported_at == clock()
        assert device.last_sync_at == clock()


def test_a_revoked_tablet_is_refused_but_what_it_sends_is_kept_in_quarantine(app, client):
    tablet = enrolled(app, client)
    with app.app_context():
        revoke(tablet["device_id"], db.session.get(Device, tablet["device_id"]).office_id)
    pulled = client.get(f"{API}/sync/changes", headers=auth(tablet))
    assert pulled.status_code == 403
    assert pulled.get_json() == {"error": "device_revoked", "message": REVOKED}
    body = op_body(household(2))
    op_id = "0b5e8f8a-6a9a-4a8e-8a3f-3f1e2d4c5b6a"
    sent = put_op(client, tablet, body, op_id)
    assert sent.status_code == 403
    answer = sent.get_json()
    assert answer["error"] == "device_revoked" and answer["message"] == REVOKED
    assert answer["op_id"] == op_id and answer["status"] == "quarantined"
    assert put_op(client, tablet, body, op_id).get_json() == answer  # kept once
    data, sha256 = jpeg(1)
    photo = put_blob(client, tablet, data, sha256)
    assert photo.status_code == 403 and photo.get_json()["sha256"] == sha256
    assert photo.get_json()["status"] == "quarantined"
    with app.app_context():
        record = db.session.scalar(select(SyncRecord))
        assert record.uuid == body["record_id"] and record.quarantined
        assert record.fields == body["fields"] and "quarantined" in record.flags
        (row,) = db.session.scalars(select(SyncRecordVersion)).all()
        assert row.quarantined and row.review == "open" and row.incoming == body["fields"]
        assert db.session.get(Attachment, sha256) is not None


def test_a_wipe_is_answered_with_clear_site_data_and_late_data_is_kept(app, client, clock):
    tablet = enrolled(app, client)
    with app.app_context():
        request_wipe(tablet["device_id"], db.session.get(Device, tablet["device_id"]).office_id)
    answer = client.get(f"{API}/sync/changes", headers=auth(tablet, **{"X-Satupintu-Pending": "2"}))
    assert answer.status_code == 200 and answer.get_json() == {"wipe": True}
    assert answer.headers["Clear-Site-Data"] == '"storage"'
    op_id = "3c0a5b7e-1d2f-4e6a-9b8c-7d6e5f4a3b2c"
    sent = put_op(client, tablet, op_body(household()), op_id)
    assert sent.status_code == 200 and sent.get_json()["wipe"] is True
    assert sent.get_json()["op_id"] == op_id and sent.get_json()["status"] == "quarantined"
    assert sent.headers["Clear-Site-Data"] == '"storage"'
    with app.app_context():
        device = db.session.get(Device, tablet["device_id"])
        assert device.wiped_at == clock() and device.pending_reported == 2
        assert db.session.scalar(select(SyncRecord)).quarantined
