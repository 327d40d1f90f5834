"""Seed a live server's database with households listed for the village meeting (run with the
server's environment: `python meeting_seed.py`); prints nothing, exits 0."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid

from PIL import Image

from kiosk import create_app
from kiosk.extensions import db
from kiosk.files.service import change_status
from kiosk.models import Household, HouseholdVisit, Person, SyncRecord, SyncRecordBlob, User
from kiosk.sync.blobs import store_blob
from kiosk.welfare.dtks.service import propose

WHEN = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)
# name: (dusun, rt, KK, NIK, criteria met)
HOMES = {
    "Siti Aminah": ("Krajan", "001", "3509011503150001", "3509015507800001", 11),
    "Bambang Susilo": ("Krajan", "002", "3509011503150002", "3509011208750002", 9),
    "Wagiman": ("Krajan", "003", "3509011503150003", "3509010101600003", 5),
}


def _photo(seed: int) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (120 + seed * 40, 90, 60)).save(buffer, "JPEG")
    data = buffer.getvalue()
    sha = hashlib.sha256(data).hexdigest()
    store_blob(data, sha, "image/jpeg")
    return sha


def _visit(home: Household, officer: User, met: int, seed: int) -> None:
    record = SyncRecord(
        uuid=str(uuid.uuid4()),
        form="dtks_visit",
        form_version=1,
        kind="dtks_visit",
        fields={},
        version=1,
        flags=[],
        complete=True,
        quarantined=False,
        created_at=WHEN,
        updated_at=WHEN,
    )
    db.session.add(record)
    db.session.flush()
    sha = _photo(seed)
    db.session.add(SyncRecordBlob(record_id=record.id, sha256=sha, present=True))
    db.session.add(
        HouseholdVisit(
            uuid=record.uuid,
            household=home,
            criteria_version=1,
            outcome="ditemui",
            criteria_met=[f"k{n:02d}" for n in range(1, met + 1)],
            photos=[sha],
            visited_at=WHEN,
            officer_id=officer.id,
        )
    )


def main() -> None:
    app = create_app()
    with app.test_request_context():
        officer = db.session.scalar(db.select(User).where(User.role == "petugas").limit(1))
        for seed, (name, (dusun, rt, kk, nik, met)) in enumerate(HOMES.items()):
            home = Household(kk_number=kk, address="Jl. Mawar", dusun=dusun, rt=rt, created_at=WHEN)
            head = Person(
                name=name,
                name_key=name.lower(),
                nik=nik,
                relation="kepala_keluarga",
                household=home,
                created_at=WHEN,
            )
            db.session.add_all([home, head])
            _visit(home, officer, met, seed)
            db.session.commit()
            case = propose(home, "baru", officer, channel="desk")
            change_status(case, "diverifikasi", None, officer, via="visit")
            change_status(case, "masuk_daftar_musyawarah", None, officer)


if __name__ == "__main__":
    main()
