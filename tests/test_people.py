"""People and households: NIK optional with a reason, linked (not copied) into files, one
person per NIK, client-made UUIDs, and status changes that cannot be lost."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import func, select
from staff_support import bearer, login, seed

from kiosk.counter.service import call_next, get_counter, start
from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.models import CaseFile, Person
from kiosk.queue.service import issue_ticket

NIK = "3201015708450002"
APPLICANT = {
    "nik": NIK,
    "name": "Siti Wahyuni",
    "kk": "3201011503150007",
    "birth_date": "1945-08-17",
    "sex": "P",
    "address": "Jl. Mawar 3",
}
NO_NIK = {"name": "Bayu Saputra", "nik_absent": "belum_punya", "address": "Kampung Cibodas"}


def accept(applicant, service="ktp-baru", **extra):
    ticket = issue_ticket(service)
    return files.accept_file(
        tracking_code=ticket.tracking_code,
        service_code=None,
        applicant=applicant,
        received=[],
        missing=[],
        **extra,
    )


def people() -> int:
    return db.session.scalar(select(func.count()).select_from(Person))


def test_person_without_nik_is_taken_in_with_the_reason(ctx):
    case = accept(NO_NIK)
    assert case.tracking_code
    assert (case.applicant.nik, case.applicant.nik_absent) == (None, "belum_punya")
    assert case.subject_person is case.applicant


def test_no_nik_needs_a_reason_and_a_known_one(ctx):
    for reason in (None, "tidak_tahu"):
        with pytest.raises(files.InvalidIntake) as refused:
            accept({**NO_NIK, "nik_absent": reason})
        assert set(refused.value.errors) == ({"nik"} if reason is None else {"nik_absent"})


def test_second_file_for_the_same_nik_links_to_the_same_person(ctx):
    first = accept(APPLICANT)
    second = accept({**APPLICANT, "name": "Siti W."}, service="kk-baru")
    assert second.applicant_id == first.applicant_id and people() == 1
    assert first.applicant.household.kk_number == APPLICANT["kk"]
    assert second.applicant_name == "Siti Wahyuni"  # the record on file, not a new copy


def test_subject_person_and_household_are_linked(ctx):
    baby = {
        "name": "Bayi Siti",
        "nik_absent": "belum_punya",
        "birth_date": "2026-11-01",
        "relation": "anak",
    }
    case = accept(APPLICANT, service="akta-kelahiran", subject=baby)
    assert case.subject_person.name == "Bayi Siti" and case.subject_person is not case.applicant
    assert case.subject_person.household is case.applicant.household
    assert [p.relation for p in case.applicant.household.members] == [None, "anak"]
    with pytest.raises(files.InvalidIntake) as refused:
        accept({**NO_NIK, "relation": "tetangga"})
    assert set(refused.value.errors) == {"relation"}
    family = accept(APPLICANT, service="kis", subject_household=True)
    assert family.subject_household is family.applicant.household
    assert family.subject_person is None


def test_client_made_uuid_is_kept_and_a_bad_one_refused(ctx):
    public_id = str(uuid.uuid4())
    case = accept({**NO_NIK, "uuid": str(uuid.uuid4())}, file_uuid=public_id)
    assert case.uuid == public_id and case.version == 1
    with pytest.raises(files.InvalidIntake) as refused:
        accept(NO_NIK, file_uuid="not-a-uuid")
    assert set(refused.value.errors) == {"uuid"}


def test_api_intake_without_nik_and_with_a_known_nik(app, client):
    seed(app)
    headers = bearer(client, "admin")
    body = {"service": "sktm", "requirements": {"received": [], "missing": []}}
    created = client.post("/api/v1/files", headers=headers, json={**body, "applicant": NO_NIK})
    assert created.status_code == 201, created.get_json()
    answer = created.get_json()
    assert answer["tracking_code"] and answer["applicant_full"]["nik_absent"] == "belum_punya"
    one = client.post("/api/v1/files", headers=headers, json={**body, "applicant": APPLICANT})
    two = client.post("/api/v1/files", headers=headers, json={**body, "applicant": APPLICANT})
    assert one.get_json()["applicant_full"]["uuid"] == two.get_json()["applicant_full"]["uuid"]


def test_html_intake_offers_the_person_on_record(app, client):
    seed(app)
    with app.test_request_context():
        accept(APPLICANT)
        code = issue_ticket("ktp-baru").tracking_code
    login(client, "admin")
    form = {**APPLICANT, "name": "Siti W"}
    offered = client.post(f"/berkas/terima/{code}", data=form)
    page = offered.get_data(as_text=True)
    assert offered.status_code == 200 and "Data warga ini sudah ada" in page
    with app.app_context():
        person = db.session.scalar(select(Person))
        first_file = db.session.scalar(select(CaseFile))
        assert f"/berkas/{first_file.tracking_code}" in page
    assert f'data-known-person="{person.uuid}"' in page
    taken = client.post(f"/berkas/terima/{code}", data={**form, "person": person.uuid})
    assert taken.status_code == 302
    with app.app_context():
        assert people() == 1
        assert files.find_file(code).applicant_id == person.id


def test_html_intake_without_nik(app, client):
    ids = seed(app)
    with app.test_request_context():
        code = issue_ticket("ktp-baru").tracking_code
        call_next(get_counter(ids["Loket 1"]), None)
        start(get_counter(ids["Loket 1"]))
    login(client, "petugas1")
    taken = client.post(f"/berkas/terima/{code}", data={**NO_NIK, "sex": ""})
    assert taken.status_code == 302
    page = client.get(f"/berkas/{code}").get_data(as_text=True)
    assert 'data-nik-absent="belum_punya"' in page and "Belum punya NIK" in page


def test_two_concurrent_status_changes_one_wins_the_other_is_a_conflict(app):
    """Both officers read the file at version 1; the second UPDATE finds no such version."""
    with app.test_request_context():
        code = accept(APPLICANT).tracking_code
    barrier = threading.Barrier(2, timeout=20)
    outcomes: list[str] = []

    def officer(target: str) -> None:
        with app.test_request_context():
            case = files.get_file(code)
            barrier.wait()  # both have read the same version before either writes
            try:
                files.change_status(case, target, "alasan", None)
                outcomes.append("ok")
            except files.FileChanged as conflict:
                outcomes.append(f"{conflict.status} {conflict.message}")

    threads = [
        threading.Thread(target=officer, args=(t,)) for t in ("diverifikasi", "dikembalikan")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[-1] == "ok" and sorted(outcomes)[0].startswith("409 Berkas ini baru")
    with app.app_context():
        case = files.get_file(code)
        assert case.version == 2
        assert [h.status for h in case.history if h.kind == "status"] == ["diterima", case.status]


def test_api_status_change_with_a_stale_version_is_409(app, client):
    seed(app)
    with app.test_request_context():
        code = accept(APPLICANT).tracking_code
    headers = bearer(client, "admin")
    url = f"/api/v1/files/{code}/status"
    moved = client.post(url, headers=headers, json={"status": "diverifikasi", "version": 1})
    assert moved.status_code == 200 and moved.get_json()["version"] == 2
    stale = client.post(url, headers=headers, json={"status": "diteruskan", "version": 1})
    assert stale.status_code == 409 and stale.get_json()["error"] == "conflict"
    assert "diubah petugas lain" in stale.get_json()["message"]


def test_stale_status_form_is_a_conflict(app, client):
    seed(app)
    with app.test_request_context():
        case = accept(APPLICANT)
        code = case.tracking_code
        files.change_status(case, "diverifikasi", None, None)  # someone else, meanwhile
    login(client, "petugas1")
    stale = client.post(f"/berkas/{code}/status", data={"status": "diteruskan", "version": "1"})
    assert stale.status_code == 409 and "diubah petugas lain" in stale.get_data(as_text=True)


def test_migration_makes_people_from_the_copied_applicant_columns(
    tmp_path, monkeypatch, app_config
):
    """Files from before 0009 get one person per NIK and one household per KK, linked."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from kiosk import create_app
    from kiosk.db import MIGRATIONS

    monkeypatch.setenv("SATUPINTU_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({**app_config, "DATABASE_URL": f"sqlite:///{tmp_path / 'old.db'}"})
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    insert = text(
        "INSERT INTO case_file (tracking_code, service_id, workflow, status, applicant_nik, "
        "applicant_name, name_key, kk_number, address, rt, received, missing, urgent, "
        "name_mismatch, accepted_at, status_since, closed) VALUES (:code, 1, 'adminduk', "
        "'diterima', :nik, 'Siti', 'siti', :kk, 'Jl. Mawar', '003', '[]', '[]', 0, 0, "
        "'2026-11-23 02:00:00', '2026-11-23 02:00:00', 0)"
    )
    with app.app_context(), db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
        connection.execute(
            text(
                "INSERT INTO service_group (id, code, icon, name_id, position) "
                "VALUES (1, 'g', 'i', 'G', 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO service (id, code, group_id, prefix, icon, name_id, fee, done_at, "
                "done_at_id, active, position) VALUES (1, 's', 1, 'A', 'i', 'S', 0, 'desa', "
                "'desa', 1, 0)"
            )
        )
        for code, nik in (("AAAA-AAAA-AAA", NIK), ("BBBB-BBBB-BBB", NIK), ("CCCC-CCCC-CCC", "1")):
            connection.execute(insert, {"code": code, "nik": nik, "kk": APPLICANT["kk"]})
        command.upgrade(config, "head")
        rows = connection.execute(
            text(
                "SELECT f.tracking_code, p.nik, p.name, h.kk_number, h.rt FROM case_file f "
                "JOIN person p ON p.id = f.applicant_id JOIN household h ON h.id = p.household_id "
                "WHERE f.subject_person_id = f.applicant_id ORDER BY f.id"
            )
        ).all()
        assert [tuple(r) for r in rows] == [
            ("AAAA-AAAA-AAA", NIK, "Siti", APPLICANT["kk"], "003"),
            ("BBBB-BBBB-BBB", NIK, "Siti", APPLICANT["kk"], "003"),
            ("CCCC-CCCC-CCC", "1", "Siti", APPLICANT["kk"], "003"),
        ]
        assert connection.execute(text("SELECT count(*) FROM person")).scalar() == 2
        assert connection.execute(text("SELECT count(*) FROM household")).scalar() == 1
        command.downgrade(config, "0006")
        back = connection.execute(
            text("SELECT applicant_nik, kk_number FROM case_file ORDER BY id")
        ).all()
        assert [tuple(r) for r in back] == [(NIK, APPLICANT["kk"])] * 2 + [("1", APPLICANT["kk"])]
    with app.app_context():
        db.engine.dispose()
