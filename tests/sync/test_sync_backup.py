"""A tablet's backup file at the office: the office key is made once; a file encrypted the way
the PWA does it (AES-256-GCM, key wrapped with RSA-OAEP SHA-256) imports through the sync code
(each op once, a second import all "sudah ada", a later sync a replay); a changed byte, another
office's key, an oversize file and a revoked tablet each get their answer."""

from __future__ import annotations

import base64
import io
import json
import os
import stat
import uuid

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import func, select
from staff_support import csrf_from, login
from sync_support import API, auth, enrolled, household, jpeg, op_body, put_op

from kiosk.devices.service import revoke
from kiosk.extensions import db
from kiosk.models import AuditEvent, Device, SyncRecord, SyncRecordBlob, SyncRecordVersion
from kiosk.sync.backup_key import OAEP, _loaded, key_path, public_key_info
from kiosk.sync.blobs import blob_path

NIK = "3201011203800001"


def backup_file(device_id: int, key_info: dict, ops: list[dict], photos: list[tuple]) -> bytes:
    """A .spcb file made as field_pwa/js/backup.js makes it."""
    payload = {
        "format": "satupintu-backup",
        "version": 1,
        "device_id": device_id,
        "exported_at": "2026-12-03T09:00:00.000Z",
        "ops": ops,
        "drafts": [],
        "photos": [
            {"sha256": sha, "type": "image/jpeg", "data": base64.b64encode(data).decode()}
            for data, sha in photos
        ],
    }
    aes_key, iv = AESGCM.generate_key(bit_length=256), os.urandom(12)
    public = serialization.load_der_public_key(base64.b64decode(key_info["spki"]))
    header = {
        "format": "satupintu-backup",
        "version": 1,
        "device_id": device_id,
        "exported_at": payload["exported_at"],
        "counts": {"ops": len(ops), "drafts": 0, "photos": len(photos)},
        "key_id": key_info["key_id"],
        "wrapped_key": base64.b64encode(public.encrypt(aes_key, OAEP)).decode(),
        "iv": base64.b64encode(iv).decode(),
    }
    ciphertext = AESGCM(aes_key).encrypt(iv, json.dumps(payload).encode(), None)
    return json.dumps(header).encode() + b"\n" + ciphertext


def outbox_op(body: dict, seq: int = 1) -> dict:
    return {
        "op_id": str(uuid.uuid4()),
        "record_id": body["record_id"],
        "seq": seq,
        "created_at": 1764750000000 + seq,
        "state": "pending",
        "base_from_previous": False,
        "body": body,
    }


def upload(client, data: bytes, name: str = "cadangan.spcb"):
    files = {"file": (io.BytesIO(data), name)}
    return client.post("/admin/tablet/cadangan", data=files, content_type="multipart/form-data")


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def captured(app, client):
    """An enrolled tablet holding a household (with a NIK) and a visit with a photo, unsent."""
    tablet = enrolled(app, client)
    people = household()
    people["members"][0] |= {"nik_status": "ada", "nik": NIK, "birth_date": "1980-03-12"}
    people["members"][0]["sex"] = "L"
    home = op_body(people)
    photo, sha = jpeg(7)
    visit = op_body(
        {"household": home["record_id"], "outcome": "ditemui", "house_photos": [sha]},
        form="dtks_visit",
        blobs=[sha],
    )
    ops = [outbox_op(home, 1), outbox_op(visit, 2)]
    return tablet, ops, (photo, sha)


def test_the_office_key_is_made_once_kept_private_and_sent_to_tablets(app, client):
    tablet = enrolled(app, client)
    with app.app_context():
        first = public_key_info(1)
        path = key_path(1)
        pem = path.read_bytes()
        _loaded.cache_clear()  # as a new worker process would read it
        assert public_key_info(1) == first and path.read_bytes() == pem
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        key = serialization.load_der_public_key(base64.b64decode(first["spki"]))
        assert key.key_size == 3072
    pulled = client.get(f"{API}/sync/changes", headers=auth(tablet)).get_json()
    assert pulled["backup_key"] == first


def test_a_backup_imports_each_op_once_and_a_later_sync_is_a_replay(app, client):
    tablet, ops, photo = captured(app, client)
    with app.app_context():
        data = backup_file(tablet["device_id"], public_key_info(1), ops, [photo])
    assert NIK.encode() not in data
    login(client, "admin")
    page = upload(client, data)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "2 data baru diterima, 0 sudah ada, 1 foto." in text
    assert count(app, SyncRecordVersion) == 2
    visit_id = ops[1]["record_id"]
    with app.app_context():
        record = db.session.scalar(select(SyncRecord).where(SyncRecord.uuid == visit_id))
        assert record.complete is True
        row = db.session.get(SyncRecordBlob, (record.id, photo[1]))
        assert row.present is True
        assert blob_path(photo[1]).read_bytes() == photo[0]  # content-addressed
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "tablet_backup"))
        assert "baru 2" in event.detail and "foto 1" in event.detail

    again = upload(client, data).get_data(as_text=True)
    assert "0 data baru diterima, 2 sudah ada, 1 foto." in again
    assert count(app, SyncRecordVersion) == 2

    # The tablet comes back online and sends the same ops: replays, nothing new.
    for op in ops:
        answer = put_op(client, tablet, op["body"], op["op_id"])
        assert answer.status_code == 200, answer.get_json()
    assert count(app, SyncRecordVersion) == 2


def test_one_changed_byte_is_a_400_with_a_plain_message(app, client):
    tablet, ops, photo = captured(app, client)
    with app.app_context():
        data = bytearray(backup_file(tablet["device_id"], public_key_info(1), ops, [photo]))
    data[-40] ^= 0x01
    login(client, "admin")
    page = upload(client, bytes(data))
    assert page.status_code == 400
    assert "Berkas cadangan rusak atau sudah diubah" in page.get_data(as_text=True)
    assert count(app, SyncRecordVersion) == 0
    junk = upload(client, b"PK\x03\x04 not a backup")
    assert junk.status_code == 400
    assert "bukan berkas cadangan tablet" in junk.get_data(as_text=True)


def test_a_backup_for_another_office_key_is_refused_with_the_message(app, client):
    tablet, ops, photo = captured(app, client)
    other = rsa.generate_private_key(public_exponent=65537, key_size=3072).public_key()
    spki = other.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    stranger = {"key_id": "0" * 32, "spki": base64.b64encode(spki).decode()}
    data = backup_file(tablet["device_id"], stranger, ops, [photo])
    login(client, "admin")
    page = upload(client, data)
    assert page.status_code == 400
    assert "Cadangan ini bukan untuk kantor ini" in page.get_data(as_text=True)
    with app.app_context():
        stranger["key_id"] = public_key_info(1)["key_id"]  # the right name, the wrong key
    page = upload(client, backup_file(tablet["device_id"], stranger, ops, [photo]))
    assert page.status_code == 400
    assert "Cadangan ini bukan untuk kantor ini" in page.get_data(as_text=True)
    assert count(app, SyncRecordVersion) == 0


def test_an_oversize_backup_is_413_in_bahasa_indonesia(app, client):
    login(client, "admin")
    app.view_functions["fieldoffice.import_tablet_backup"].max_content_length = 4096
    page = upload(client, b"x" * 8192)
    assert page.status_code == 413
    assert "Berkas cadangan terlalu besar" in page.get_data(as_text=True)


def test_a_revoked_tablets_backup_goes_to_quarantine_and_only_admins_import(app, client):
    tablet, ops, photo = captured(app, client)
    with app.app_context():
        data = backup_file(tablet["device_id"], public_key_info(1), ops, [photo])
        revoke(tablet["device_id"], db.session.get(Device, tablet["device_id"]).office_id)
    login(client, "petugas1")
    assert upload(client, data).status_code == 403
    client.post("/keluar")
    login(client, "admin")
    text = upload(client, data).get_data(as_text=True)
    assert "2 data dari tablet yang dicabut disimpan untuk ditinjau." in text
    with app.app_context():
        held = {r.quarantined for r in db.session.scalars(select(SyncRecord))}
    assert held == {True}
    again = upload(client, data).get_data(as_text=True)
    assert "0 data baru diterima, 2 sudah ada, 1 foto." in again


def test_an_edit_queued_behind_an_unsent_op_takes_its_version_as_the_tablet_will(app, client):
    tablet = enrolled(app, client)
    first = op_body(household())
    edited = household(address="Jl. Kenanga 7")
    edited["members"] = first["fields"]["members"]
    second = {**op_body(edited, record_id=first["record_id"]), "base_version": None}
    ops = [outbox_op(first, 1), {**outbox_op(second, 2), "base_from_previous": True}]
    with app.app_context():
        data = backup_file(tablet["device_id"], public_key_info(1), ops, [])
    login(client, "admin")
    assert "2 data baru diterima" in upload(client, data).get_data(as_text=True)
    read = client.get(f"{API}/sync/records/{first['record_id']}", headers=auth(tablet))
    assert read.get_json()["version"] == 2
    assert read.get_json()["fields"]["address"] == "Jl. Kenanga 7"
    # The tablet sends them later: the edit now carries the first op's version, a replay.
    assert put_op(client, tablet, first, ops[0]["op_id"]).status_code == 200
    resent = put_op(client, tablet, {**second, "base_version": 1}, ops[1]["op_id"])
    assert resent.status_code == 200, resent.get_json()
    assert count(app, SyncRecordVersion) == 2


def sealed_with(header_change: dict, payload_change: dict, device_id: int, key_info: dict):
    """A file whose header or payload was changed before sealing (a broken tablet, a forger)."""
    data = backup_file(device_id, key_info, [], [])
    header = json.loads(data.partition(b"\n")[0]) | header_change
    if payload_change:
        aes_key, iv = AESGCM.generate_key(bit_length=256), os.urandom(12)
        public = serialization.load_der_public_key(base64.b64decode(key_info["spki"]))
        payload = {"format": "satupintu-backup", "version": 1, "device_id": device_id}
        payload |= {"ops": [], "drafts": [], "photos": []} | payload_change
        header["wrapped_key"] = base64.b64encode(public.encrypt(aes_key, OAEP)).decode()
        header["iv"] = base64.b64encode(iv).decode()
        body = AESGCM(aes_key).encrypt(iv, json.dumps(payload).encode(), None)
        return json.dumps(header).encode() + b"\n" + body
    return json.dumps(header).encode() + b"\n" + data.partition(b"\n")[2]


def test_every_kind_of_broken_file_is_a_400_never_a_500(app, client):
    tablet = enrolled(app, client)
    device_id = tablet["device_id"]
    login(client, "admin")
    with app.app_context():
        key_info = public_key_info(1)
    broken = [
        ({"version": 2}, {}),
        ({"wrapped_key": "not base64!"}, {}),
        ({"iv": base64.b64encode(b"short").decode()}, {}),
        ({"wrapped_key": None}, {}),
        ({}, {"device_id": device_id + 1}),
        ({}, {"ops": [{"op_id": "x", "record_id": "y", "seq": 1, "created_at": "z", "body": {}}]}),
        ({}, {"photos": [{"sha256": "ab", "type": "image/jpeg", "data": "%%%"}]}),
        ({}, {"ops": "none"}),
    ]
    for header_change, payload_change in broken:
        data = sealed_with(header_change, payload_change, device_id, key_info)
        page = upload(client, data)
        assert page.status_code == 400, (header_change, payload_change, page.status_code)
    odd_op = {"op_id": "not-a-uuid", "record_id": "y", "seq": 1, "created_at": 1, "body": {}}
    page = upload(client, sealed_with({}, {"ops": [odd_op]}, device_id, key_info))
    assert page.status_code == 200 and "1 tidak diterima" in page.get_data(as_text=True)
    assert upload(client, b"").status_code == 400  # no file chosen


@pytest.fixture
def csrf_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = True
    return app_config


def test_the_import_needs_the_pages_csrf_token(csrf_config, app, client):
    tablet, ops, photo = captured(app, client)
    with app.app_context():
        data = backup_file(tablet["device_id"], public_key_info(1), ops, [photo])
    token = csrf_from(client.get("/masuk").text)
    assert login(client, "admin", csrf_token=token).status_code == 302
    refused = upload(client, data)
    assert refused.status_code == 400 and count(app, SyncRecordVersion) == 0
    token = csrf_from(client.get("/admin/tablet").text)
    files = {"file": (io.BytesIO(data), "cadangan.spcb"), "csrf_token": token}
    taken = client.post("/admin/tablet/cadangan", data=files, content_type="multipart/form-data")
    assert taken.status_code == 200 and count(app, SyncRecordVersion) == 2
