"""The office side of field work: tablets (add with code + QR, revoke, wipe with a confirm
step), the review queue, a tablet's sync history, field files, DTKS visits with photos, the
worklist, and the field part of household and person pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import uuid

import pytest
from sqlalchemy import func, select
from staff_support import login, seed, user

from kiosk.devices.service import digest
from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.models import (
    Device,
    FieldAssignment,
    Household,
    HouseholdVisit,
    Person,
    SyncRecord,
    SyncRecordBlob,
    SyncRecordVersion,
)
from kiosk.offices.service import find_first_office
from kiosk.queue.qr import qr_svg
from kiosk.sync.blobs import store_blob
from kiosk.sync.tablets import create_tablet
from kiosk.tracking import new_code

pytestmark = pytest.mark.data_layer

JPEG = b"\xff\xd8\xff\xe0" + b"foto rumah" * 20 + b"\xff\xd9"
JPEG_SHA = hashlib.sha256(JPEG).hexdigest()
KK = "3201011503150007"
WHEN = dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def staff(app, clock):
    """Accounts seeded; an admin's browser logged in; the office id and the officer's id."""
    clock.set(2026, 3, 12, 9, 0)
    seed(app)
    admin = app.test_client()
    login(admin, "admin")
    with app.app_context():
        return {
            "admin": admin,
            "office": find_first_office().id,
            "officer": user("lapangan").id,
            "petugas": user("petugas1").id,
        }


def _client(app, username: str):
    client = app.test_client()
    login(client, username)
    return client


def _tablet(app, office_id: int, officer_id: int, **state) -> int:
    with app.app_context():
        device = Device(
            office_id=office_id,
            kind="tablet",
            name="Tablet Puskesos 1",
            user_id=officer_id,
            created_at=WHEN,
            paired_at=WHEN,
            token_hash=uuid.uuid4().hex,
            **state,
        )
        db.session.add(device)
        db.session.commit()
        return device.id


# --- tablets ---------------------------------------------------------------------------------


def test_admin_adds_a_tablet_and_sees_its_one_time_code_and_qr(app, staff):
    """Only field officers can be chosen; the code is shown grouped, the QR (inline SVG, no
    style attribute) holds the field app's enrolment address with the code."""
    admin = staff["admin"]
    page = admin.get("/admin/tablet")
    assert page.status_code == 200 and "Belum ada tablet" in page.text
    assert f'value="{staff["officer"]}"' in page.text
    assert f'value="{staff["petugas"]}"' not in page.text
    refused = admin.post("/admin/tablet", data={"officer": staff["petugas"], "name": "Tab"})
    assert refused.status_code == 422 and "Pilih petugas lapangan kantor ini." in refused.text
    added = admin.post("/admin/tablet", data={"officer": staff["officer"], "name": " Tab 1 "})
    assert added.status_code == 201
    assert added.headers["Cache-Control"] == "no-store"
    code = re.search(r"data-code>([0-9A-Z]{4}-[0-9A-Z]{4})<", added.text).group(1)
    plain = code.replace("-", "")
    field_app = re.search(r"atau buka (\S+/field/) lalu", added.text).group(1)
    expected = qr_svg(f"{field_app}#enrol={plain}").decode()
    path = re.search(r'<path d="([^"]+)"', expected).group(1)
    assert path in added.text and 'class="qr-enrol"' in added.text
    assert "style=" not in added.text
    with app.app_context():
        device = db.session.scalar(select(Device))
        assert (device.kind, device.name, device.user_id) == ("tablet", "Tab 1", staff["officer"])
        assert device.code_hash == digest(plain) and device.paired_at is None
    listed = admin.get("/admin/tablet")
    assert 'data-tablet-state="waiting"' in listed.text and code not in listed.text


def test_wipe_shows_the_unsent_count_asks_first_then_waits_for_the_tablet(app, staff, clock):
    device_id = _tablet(
        app, staff["office"], staff["officer"], pending_reported=7, pending_reported_at=WHEN
    )
    admin = staff["admin"]
    asked = admin.post(f"/admin/tablet/{device_id}/hapus")
    assert asked.status_code == 200 and 'data-confirm="wipe"' in asked.text
    assert "masih menyimpan 7 data yang BELUM terkirim" in asked.text
    with app.app_context():
        assert db.session.get(Device, device_id).wipe_requested_at is None
    done = admin.post(f"/admin/tablet/{device_id}/hapus", data={"confirm": "ya"})
    assert done.status_code == 200
    assert 'data-tablet-state="wipe_asked"' in done.text
    assert "menunggu tablet tersambung" in done.text
    with app.app_context():
        device = db.session.get(Device, device_id)
        assert device.wipe_requested_at is not None and device.revoked_at is None
        device.wiped_at = clock()
        db.session.commit()
    assert 'data-tablet-state="wiped"' in admin.get("/admin/tablet").text


def test_revoke_asks_first_and_keeps_the_tablet_listed(app, staff):
    device_id = _tablet(app, staff["office"], staff["officer"])
    admin = staff["admin"]
    asked = admin.post(f"/admin/tablet/{device_id}/cabut")
    assert 'data-confirm="revoke"' in asked.text and "tidak dibuang" in asked.text
    done = admin.post(f"/admin/tablet/{device_id}/cabut", data={"confirm": "ya"})
    assert 'data-tablet-state="revoked"' in done.text
    with app.app_context():
        assert db.session.get(Device, device_id).revoked_at is not None
    assert admin.post("/admin/tablet/999/cabut", data={"confirm": "ya"}).status_code == 404


# --- review queue and sync history -----------------------------------------------------------


def _member(name: str, relation: str = "kepala_keluarga") -> dict:
    return {
        "id": str(uuid.uuid4()),
        "name": name,
        "nik_status": "belum_punya",
        "sex": "P",
        "birth_date": "1980-01-01",
        "relation": relation,
    }


def _household_fields(address: str = "Jl. Mawar 3") -> dict:
    return {
        "kk_number": KK,
        "address": address,
        "dusun": "Krajan",
        "rt": "001",
        "rw": "002",
        "members": [_member("Siti Aminah")],
    }


def _record(app, office_id: int, device_id: int, officer_id: int, **record) -> dict:
    """A household record at version 2 whose second op clashed on the address, and a
    quarantined op from a revoked tablet on the same record: their ids."""
    with app.app_context():
        fields = _household_fields()
        row = SyncRecord(
            uuid=str(uuid.uuid4()),
            office_id=office_id,
            form="household",
            form_version=1,
            kind="household",
            fields=fields,
            version=2,
            flags=["conflict", "quarantined"],
            complete=True,
            quarantined=False,
            device_id=device_id,
            created_at=WHEN,
            updated_at=WHEN,
            **record,
        )
        db.session.add(row)
        db.session.flush()
        common = {"record_id": row.id, "device_id": device_id, "user_id": officer_id}
        first = SyncRecordVersion(
            version=1,
            op_id="a" * 64,
            base_version=None,
            incoming=fields,
            fields_after=fields,
            changed=sorted(fields),
            received_at=WHEN,
            **common,
        )
        clash = SyncRecordVersion(
            version=2,
            op_id="b" * 64,
            base_version=1,
            incoming={**fields, "address": "Jl. Melati 9", "kk_number": "3201011503150008"},
            fields_after=fields,
            changed=[],
            merge_kind="conflict",
            review="open",
            clashes={
                "address": {"kept": "Jl. Mawar 3", "incoming": "Jl. Melati 9"},
                "kk_number": {"kept": KK, "incoming": "3201011503150008"},
            },
            received_at=WHEN + dt.timedelta(minutes=1),
            **common,
        )
        late = SyncRecordVersion(
            version=2,
            op_id="c" * 64,
            base_version=2,
            incoming={**fields, "rt": "004"},
            fields_after=fields,
            changed=["rt"],
            quarantined=True,
            review="open",
            received_at=WHEN + dt.timedelta(minutes=2),
            **common,
        )
        db.session.add_all([first, clash, late])
        db.session.commit()
        return {"record": row.id, "uuid": row.uuid, "clash": clash.id, "late": late.id}


def test_review_queue_shows_both_values_and_records_each_decision(app, staff):
    device_id = _tablet(app, staff["office"], staff["officer"])
    ids = _record(app, staff["office"], device_id, staff["officer"])
    petugas = _client(app, "petugas1")
    queue = petugas.get("/lapangan/tinjau")
    assert queue.status_code == 200 and "data-open-count>2<" in queue.text
    clash_row = re.search(r'<tr data-clash="address">(.*?)</tr>', queue.text).group(1)
    assert "data-kept>Jl. Mawar 3<" in clash_row and "data-incoming>Jl. Melati 9<" in clash_row
    assert f"data-kept>{KK}<" in queue.text  # petugas may read the KK number in full
    assert "Petugas Lapangan · Tablet Puskesos 1" in queue.text
    late_row = re.search(r'<tr data-clash="rt">(.*?)</tr>', queue.text).group(1)
    assert "data-kept>001<" in late_row and "data-incoming>004<" in late_row
    kepala = _client(app, "kepala").get("/lapangan/tinjau")
    assert kepala.status_code == 200 and KK not in kepala.text and "data-kept>3201**" in kepala.text

    accepted = petugas.post(f"/lapangan/tinjau/{ids['clash']}/terima")
    assert accepted.status_code == 200 and "dipakai (versi 3)" in accepted.text
    rejected = petugas.post(f"/lapangan/tinjau/{ids['late']}/tolak")
    assert rejected.status_code == 200 and "Data dari tablet tetap tersimpan" in rejected.text
    again = petugas.post(f"/lapangan/tinjau/{ids['late']}/terima")
    assert again.status_code == 409 and "sudah diputuskan" in again.text
    with app.app_context():
        record = db.session.get(SyncRecord, ids["record"])
        assert record.version == 3 and record.fields["address"] == "Jl. Melati 9"
        assert record.fields["kk_number"] == "3201011503150008" and record.fields["rt"] == "001"
        assert record.flags == [] and record.quarantined is False
        versions = db.session.scalars(
            select(SyncRecordVersion).order_by(SyncRecordVersion.id)
        ).all()
        assert len(versions) == 4  # nothing deleted, one version added
        clash, late, review = versions[1], versions[2], versions[3]
        reviewer = user("petugas1").id
        assert (clash.review, clash.reviewed_by_id, clash.reviewed_at) == (
            "accepted",
            reviewer,
            WHEN.replace(day=12, hour=2),
        )
        assert (late.review, late.reviewed_by_id) == ("rejected", reviewer)
        assert (review.version, review.user_id, review.base_version) == (3, reviewer, 2)
        assert review.changed == ["address", "kk_number"] and review.device_id is None
        home = db.session.scalar(select(Household).where(Household.uuid == ids["uuid"]))
        assert (home.address, home.kk_number) == ("Jl. Melati 9", "3201011503150008")
        assert [m.name for m in home.members] == ["Siti Aminah"]
    after = petugas.get("/lapangan/tinjau")
    assert "data-open-count>0<" in after.text and "data-review-decided" in after.text


def test_a_device_page_lists_what_the_tablet_sent(app, staff):
    device_id = _tablet(app, staff["office"], staff["officer"], pending_reported=3)
    _record(app, staff["office"], device_id, staff["officer"])
    page = _client(app, "kepala").get(f"/lapangan/perangkat/{device_id}")
    assert page.status_code == 200
    assert page.text.count("data-sync-version=") == 3
    assert "karantina" in page.text and "bentrok" in page.text and "perlu ditinjau" in page.text
    assert "data-pending>3<" in page.text
    assert _client(app, "kepala").get("/lapangan/perangkat/9999").status_code == 404


# --- field files -----------------------------------------------------------------------------


def _walk_in(service: str, source: str = "field"):
    case = files.accept_file(
        tracking_code=None,
        service_code=service,
        applicant={
            "name": "Siti Aminah",
            "nik_absent": "belum_punya",
            "address": "Jl. Mawar",
            "rt": "1",
            "rw": "2",
            "dusun": "Krajan",
        },
        received=[],
        missing=[],
    )
    case.source = source
    db.session.commit()
    return case


def test_field_files_have_their_own_list_overdue_first_and_counts(app, staff, clock):
    with app.app_context():
        clock.set(2026, 1, 5, 9, 0)
        late = _walk_in("sktm")
        clock.set(2026, 3, 12, 9, 0)
        fresh = _walk_in("domisili")
        counter = _walk_in("sktm", source="counter")
        codes = [late.tracking_code, fresh.tracking_code, counter.tracking_code]
    page = _client(app, "kepala").get("/lapangan/berkas")
    assert page.status_code == 200
    listed = re.findall(r'data-file-link="([^"]+)"', page.text)
    assert listed == codes[:2]  # overdue first, the counter's file not here
    sktm = re.search(r'data-service-count="sktm">(.*?)</tr>', page.text).group(1)
    assert "data-open>1<" in sktm and "count-alert" in sktm


# --- DTKS visits and photos ------------------------------------------------------------------


def _visit(app, office_id: int, officer_id: int) -> str:
    with app.test_request_context():
        store_blob(JPEG, JPEG_SHA, "image/jpeg")
        home = Household(
            address="Jl. Mawar 3",
            dusun="Krajan",
            rt="001",
            rw="002",
            office_id=office_id,
            created_at=WHEN,
        )
        db.session.add(home)
        db.session.add(
            Person(
                name="Siti Aminah",
                name_key="siti aminah",
                relation="kepala_keluarga",
                household=home,
                created_at=WHEN,
            )
        )
        record = SyncRecord(
            uuid=str(uuid.uuid4()),
            office_id=office_id,
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
        db.session.add(SyncRecordBlob(record_id=record.id, sha256=JPEG_SHA, present=True))
        db.session.add(
            HouseholdVisit(
                uuid=record.uuid,
                office_id=office_id,
                household=home,
                criteria_version=1,
                outcome="ditemui",
                criteria_met=["k01", "k04", "k09"],
                photos=[JPEG_SHA],
                visited_at=WHEN,
                officer_id=officer_id,
            )
        )
        db.session.commit()
        return home.uuid


def test_dtks_visits_per_dusun_and_rt_with_photo_thumbnails(app, staff):
    household = _visit(app, staff["office"], staff["officer"])
    kepala = _client(app, "kepala")
    page = kepala.get("/lapangan/dtks?bulan=2026-03")
    assert page.status_code == 200
    assert 'data-area="Krajan/001"' in page.text and "Siti Aminah" in page.text
    assert "3 dari 14" in page.text and "versi 1" in page.text and "Ditemui" in page.text
    assert f'src="/lampiran/{JPEG_SHA}"' in page.text
    assert "data-no-visits" in kepala.get("/lapangan/dtks?bulan=2026-02").text
    bad = kepala.get("/lapangan/dtks?bulan=maret")
    assert bad.status_code == 422 and "contoh 2026-03" in bad.text
    home = kepala.get(f"/keluarga/{household}")
    assert "data-household-field" in home.text and f"/lampiran/{JPEG_SHA}" in home.text


def test_photos_are_for_staff_only_privately_cached_and_404_when_unknown(app, staff):
    _visit(app, staff["office"], staff["officer"])
    petugas = _client(app, "petugas1")
    photo = petugas.get(f"/lampiran/{JPEG_SHA}")
    assert photo.status_code == 200 and photo.data == JPEG
    assert photo.mimetype == "image/jpeg"
    assert photo.headers["Cache-Control"] == "private, max-age=86400, immutable"
    photo.close()
    assert petugas.get(f"/lampiran/{'0' * 64}").status_code == 404
    assert petugas.get("/lampiran/not-a-hash").status_code == 404
    anonymous = app.test_client().get(f"/lampiran/{JPEG_SHA}")
    assert anonymous.status_code == 302 and anonymous.headers["Cache-Control"] == "no-store"
    assert _client(app, "lapangan").get(f"/lampiran/{JPEG_SHA}").status_code == 403
    with app.test_request_context():  # held, but named by nothing of this office
        other = JPEG + b"x"
        store_blob(other, hashlib.sha256(other).hexdigest(), "image/jpeg")
    assert petugas.get(f"/lampiran/{hashlib.sha256(other).hexdigest()}").status_code == 404


# --- worklist --------------------------------------------------------------------------------


def test_assign_households_found_by_dusun_and_rt_once(app, staff):
    with app.app_context():
        for address, rt in (("Jl. Mawar 3", "001"), ("Jl. Melati 1", "002")):
            db.session.add(
                Household(
                    address=address,
                    dusun="Krajan",
                    rt=rt,
                    rw="001",
                    office_id=staff["office"],
                    created_at=WHEN,
                )
            )
        db.session.commit()
    petugas = _client(app, "petugas1")
    found = petugas.get("/lapangan/tugas?dusun=Krajan&rt=1")
    assert found.status_code == 200 and "Jl. Mawar 3" in found.text
    assert "Jl. Melati 1" not in found.text
    chosen = re.findall(r'name="household" value="(\d+)"', found.text)
    form = {
        "household": chosen,
        "officer": staff["officer"],
        "period_start": "2026-03-01",
        "period_end": "2026-03-31",
    }
    done = petugas.post("/lapangan/tugas", data=form)
    assert done.status_code == 200 and "1 keluarga ditugaskan." in done.text
    assert 'data-assignment="' in done.text
    again = petugas.post("/lapangan/tugas", data=form)
    assert "0 keluarga ditugaskan. 1 sudah ditugaskan sebelumnya." in again.text
    backwards = petugas.post("/lapangan/tugas", data={**form, "period_end": "2026-02-01"})
    assert backwards.status_code == 422 and "sebelum tanggal mulai" in backwards.text
    nobody = petugas.post("/lapangan/tugas", data={**form, "household": []})
    assert nobody.status_code == 422 and "Centang minimal satu keluarga." in nobody.text
    with app.app_context():
        assert db.session.scalar(select(func.count(FieldAssignment.id))) == 1


def test_csv_import_from_the_page_reports_lines_or_imports(app, staff):
    petugas = _client(app, "petugas1")
    form = {"officer": staff["officer"], "period_start": "2026-03-01", "period_end": "2026-03-31"}
    bad = b"kk_number;address;dusun;rt;rw;head_name\n;Jl. A;Krajan;1;1;\n"
    refused = petugas.post(
        "/lapangan/tugas/impor", data={**form, "file": (io.BytesIO(bad), "list.csv")}
    )
    assert refused.status_code == 422 and "data-import-errors" in refused.text
    assert "Baris 2: Nama kepala keluarga wajib diisi" in refused.text
    good = b"kk_number,address,dusun,rt,rw,head_name\n,Jl. A,Krajan,1,1,Ani\n"
    imported = petugas.post(
        "/lapangan/tugas/impor", data={**form, "file": (io.BytesIO(good), "list.csv")}
    )
    assert imported.status_code == 200 and "1 keluarga baru" in imported.text
    with app.app_context():
        assert db.session.scalar(select(func.count(FieldAssignment.id))) == 1


def test_data_from_a_revoked_tablet_waits_in_quarantine_until_accepted(app, staff):
    """Through the sync API: the admin revokes a tablet on the page, the tablet still sends a
    household; it is kept (not a person yet) until an officer accepts it in the review."""
    with app.app_context():
        device, code = create_tablet("lapangan", "Tablet hilang", None, staff["office"])
        device_id = device.id
    tablet = app.test_client()
    token = tablet.post("/api/v1/devices/enrol", json={"enrolment_code": code}).get_json()
    staff["admin"].post(f"/admin/tablet/{device_id}/cabut", data={"confirm": "ya"})
    record_id = str(uuid.uuid4())
    fields = {**_household_fields("Jl. Kenanga 5"), "kk_number": "3201011503150009"}
    body = {
        "record_id": record_id,
        "form": "household",
        "form_version": 1,
        "base_version": None,
        "fields": fields,
        "blobs": [],
    }
    sent = tablet.put(
        f"/api/v1/sync/ops/{uuid.uuid4()}",
        json=body,
        headers={"Authorization": f"Bearer {token['token']}"},
    )
    assert sent.status_code == 403 and sent.get_json()["status"] == "quarantined"
    petugas = _client(app, "petugas1")
    queue = petugas.get("/lapangan/tinjau")
    assert 'data-review-kind="quarantined"' in queue.text and "Jl. Kenanga 5" in queue.text
    with app.app_context():
        assert db.session.scalar(select(Household).where(Household.uuid == record_id)) is None
        op_id = db.session.scalar(
            select(SyncRecordVersion.id).where(SyncRecordVersion.review == "open")
        )
    assert petugas.post(f"/lapangan/tinjau/{op_id}/terima").status_code == 200
    with app.app_context():
        home = db.session.scalar(select(Household).where(Household.uuid == record_id))
        assert home.address == "Jl. Kenanga 5" and [m.name for m in home.members] == ["Siti Aminah"]
        record = db.session.scalar(select(SyncRecord).where(SyncRecord.uuid == record_id))
        assert (record.quarantined, record.flags, record.version) == (False, [], 2)


def test_a_request_made_on_a_tablet_reaches_the_desk_list_and_the_person_page(app, staff):
    """Through the sync API: a household, a document request with a photo of a paper; the
    field files list has it (not the counter's queue), the person page shows the photo."""
    with app.app_context():
        _device, code = create_tablet("lapangan", "Tablet 1", None, staff["office"])
        tracking = new_code()
    tablet = app.test_client()
    token = tablet.post("/api/v1/devices/enrol", json={"enrolment_code": code}).get_json()
    headers = {"Authorization": f"Bearer {token['token']}"}
    home_fields = _household_fields("Jl. Kenanga 5")
    member_id = home_fields["members"][0]["id"]
    home_id, request_id = str(uuid.uuid4()), str(uuid.uuid4())
    ops = [
        (home_id, "household", home_fields, []),
        (
            request_id,
            "document_request",
            {
                "household": home_id,
                "member": member_id,
                "service": "sktm",
                "papers": [],
                "photos": [JPEG_SHA],
                "tracking_code": tracking,
            },
            [JPEG_SHA],
        ),
    ]
    for record_id, form, fields, blobs in ops:
        body = {
            "record_id": record_id,
            "form": form,
            "form_version": 1,
            "base_version": None,
            "fields": fields,
            "blobs": blobs,
        }
        sent = tablet.put(f"/api/v1/sync/ops/{uuid.uuid4()}", json=body, headers=headers)
        assert sent.status_code == 201, sent.get_json()
    blob = tablet.put(
        f"/api/v1/sync/blobs/{JPEG_SHA}",
        data=JPEG,
        headers={**headers, "Content-Type": "image/jpeg"},
    )
    assert blob.status_code == 201, blob.get_json()
    petugas = _client(app, "petugas1")
    desk = petugas.get("/lapangan/berkas")
    assert f'data-file-link="{tracking}"' in desk.text
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.uuid == member_id))
        assert person.name == "Siti Aminah"
    page = petugas.get(f"/warga/{member_id}")
    assert "data-person-field" in page.text and f'src="/lampiran/{JPEG_SHA}"' in page.text
    photo = petugas.get(f"/lampiran/{JPEG_SHA}")
    assert photo.status_code == 200 and photo.data == JPEG
    photo.close()
    household = petugas.get(f"/keluarga/{home_id}")
    assert household.text.count("data-sync-version=") == 1  # the household's own version

    # A second request with the same code is kept, held back and shown for the office.
    second = str(uuid.uuid4())
    body = {
        "record_id": second,
        "form": "document_request",
        "form_version": 1,
        "base_version": None,
        "blobs": [],
        "fields": {**ops[1][2], "photos": [], "service": "domisili"},
    }
    sent = tablet.put(f"/api/v1/sync/ops/{uuid.uuid4()}", json=body, headers=headers)
    assert sent.status_code == 201 and sent.get_json()["status"] == "quarantined"
    held = petugas.get("/lapangan/tinjau")
    assert f'data-held-record="{second}"' in held.text
    assert 'data-flag="code_taken"' in held.text and tracking in held.text
