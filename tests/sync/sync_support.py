"""Helpers for the sync API tests: a tablet enrolled for the `lapangan` officer, op bodies of
the three forms, and sending them."""

from __future__ import annotations

import hashlib
import uuid

from staff_support import seed

from kiosk.offices.service import find_first_office
from kiosk.sync.tablets import create_tablet

API = "/api/v1"


def new_tablet(app, name: str = "Tablet uji", username: str = "lapangan") -> tuple[int, str]:
    """A tablet of the first office for `username` and its enrolment code: (device id, code)."""
    with app.app_context():
        device, code = create_tablet(username, name, None, find_first_office().id)
        return device.id, code


def enrolled(app, client, name: str = "Tablet uji", *, seeded: bool = False) -> dict:
    """Seed the staff (unless done), enrol a tablet; its Authorization headers (+ device id)."""
    if not seeded:
        seed(app)
    device_id, code = new_tablet(app, name)
    answer = client.post(f"{API}/devices/enrol", json={"enrolment_code": code})
    assert answer.status_code == 201, answer.get_json()
    return {"Authorization": f"Bearer {answer.get_json()['token']}", "device_id": device_id}


def auth(tablet: dict, **headers) -> dict:
    return {"Authorization": tablet["Authorization"], **headers}


def member(name: str = "Siti Aminah", relation: str = "kepala_keluarga", **extra) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "name": name,
        "nik_status": "belum_punya",
        "sex": "P",
        "birth_date": "1980-01-02",
        "relation": relation,
        **extra,
    }


def household(members: int = 1, **extra) -> dict:
    people = [member()] + [
        member(f"Anak {n}", "anak", sex="L", birth_date="2010-05-06") for n in range(1, members)
    ]
    return {
        "address": "Jl. Kenanga 5",
        "dusun": "Krajan",
        "rt": "003",
        "rw": "001",
        "members": people,
        **extra,
    }


def op_body(fields: dict, *, record_id: str | None = None, base: int | None = None, **extra):
    form = extra.pop("form", "household")
    return {
        "record_id": record_id or str(uuid.uuid4()),
        "form": form,
        "form_version": 1,
        "base_version": base,
        "fields": fields,
        "blobs": extra.pop("blobs", []),
        **extra,
    }


def put_op(client, tablet: dict, body: dict, op_id: str | None = None):
    return client.put(f"{API}/sync/ops/{op_id or uuid.uuid4()}", json=body, headers=auth(tablet))


def jpeg(seed: int = 0, size: int = 600) -> tuple[bytes, str]:
    """Bytes that start like a JPEG, and their SHA-256."""
    data = b"\xff\xd8\xff\xe0" + hashlib.sha256(str(seed).encode()).digest() * (size // 32)
    return data, hashlib.sha256(data).hexdigest()


def put_blob(client, tablet: dict, data: bytes, sha256: str):
    headers = auth(tablet, **{"Content-Type": "image/jpeg"})
    return client.put(f"{API}/sync/blobs/{sha256}", data=data, headers=headers)
