"""Staff screens of people and households: the intake's subject part, the person and household
pages (masked, logged), edits conditional on the version, members in and out."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from staff_support import login, seed

from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.models import CaseFile, DataAccess, Household, Person
from kiosk.queue.service import issue_ticket

NIK = "3201015708450002"
KK = "3201011503150007"
PARENT = {
    "nik": NIK,
    "name": "Siti Wahyuni",
    "kk": KK,
    "birth_date": "1945-08-17",
    "sex": "P",
    "address": "Jl. Mawar 3",
}


@pytest.fixture
def ids(app):
    return seed(app)


def intake_form(**subject) -> dict:
    data = {**PARENT, "birth_date": PARENT["birth_date"]}
    data.update({f"subject-{key}": value for key, value in subject.items()})
    return data


def accept(app, service="ktp-baru", applicant=PARENT, **extra) -> str:
    with app.test_request_context():
        ticket = issue_ticket(service)
        case = files.accept_file(
            tracking_code=ticket.tracking_code,
            service_code=None,
            applicant=applicant,
            received=[],
            missing=[],
            **extra,
        )
        return case.tracking_code


def test_akta_kelahiran_intake_takes_in_the_baby_without_nik(app, client, ids):
    """The subject section records the baby (no NIK: belum punya) in the parent's family."""
    login(client, "admin")
    with app.test_request_context():
        code = issue_ticket("akta-kelahiran").tracking_code
    page = client.get(f"/berkas/terima/{code}")
    assert page.status_code == 200 and 'data-subject="person"' in page.text
    assert 'name="subject-nik_absent"' in page.text
    baby = {
        "nik_absent": "belum_punya",
        "name": "Bayi Siti",
        "sex": "L",
        "birth_date": "2026-11-01",
        "relation": "anak",
    }
    response = client.post(f"/berkas/terima/{code}", data=intake_form(**baby))
    assert response.status_code == 302, response.text[:2000]
    with app.app_context():
        case = db.session.scalar(select(CaseFile).where(CaseFile.tracking_code == code))
        assert case.applicant.nik == NIK
        assert (case.subject_person.name, case.subject_person.nik_absent) == (
            "Bayi Siti",
            "belum_punya",
        )
        assert case.subject_person.household_id == case.applicant.household_id
        assert case.subject_person.relation == "anak"


def test_subject_errors_keep_what_was_typed(app, client, ids):
    """A subject without a name or a NIK reason: 422, the message on the field, typing kept."""
    login(client, "admin")
    with app.test_request_context():
        code = issue_ticket("akta-kelahiran").tracking_code
    response = client.post(
        f"/berkas/terima/{code}", data=intake_form(name="", birth_place="Bidan Desa")
    )
    assert response.status_code == 422
    assert "Isi NIK (16 angka), atau pilih alasan tidak ada NIK." in response.text
    assert 'value="Bidan Desa"' in response.text and f'value="{NIK}"' in response.text
    with app.app_context():
        assert db.session.scalar(select(CaseFile)) is None


def test_kis_intake_is_about_the_applicants_household(app, client, ids):
    """A household service links the applicant's family; a member typed in joins it."""
    first = accept(app)  # the family is on record already
    login(client, "admin")
    with app.test_request_context():
        code = issue_ticket("kis").tracking_code
    page = client.post(f"/berkas/terima/{code}", data=intake_form())
    assert page.status_code == 200 and 'data-subject="household"' in page.text
    assert "data-subject-home" in page.text and "Siti Wahyuni" in page.text  # known family
    member = {"nik_absent": "belum_punya", "name": "Budi Kecil", "relation": "cucu"}
    response = client.post(f"/berkas/terima/{code}", data=intake_form(**member, person=""))
    assert response.status_code == 200 and "data-known-person" in response.text
    known = {**intake_form(**member), "person": ""}
    with app.app_context():
        known["person"] = db.session.scalar(select(Person.uuid).where(Person.nik == NIK))
    assert client.post(f"/berkas/terima/{code}", data=known).status_code == 302
    with app.app_context():
        case = db.session.scalar(select(CaseFile).where(CaseFile.tracking_code == code))
        earlier = db.session.scalar(select(CaseFile).where(CaseFile.tracking_code == first))
        assert case.applicant_id == earlier.applicant_id
        assert case.subject_household_id == earlier.applicant.household_id
        assert case.subject_person_id is None
        names = {(p.name, p.relation) for p in case.subject_household.members}
        assert names == {("Siti Wahyuni", None), ("Budi Kecil", "cucu")}


def person_uuid(app, nik=NIK) -> str:
    with app.app_context():
        return db.session.scalar(select(Person.uuid).where(Person.nik == nik))


def test_person_page_lists_files_as_applicant_and_subject(app, client, ids):
    """Both files show, each with the person's part in it; the look is logged in full."""
    own = accept(app)
    baby = {"name": "Bayi Siti", "nik_absent": "belum_punya", "relation": "anak"}
    birth = accept(app, "akta-kelahiran", subject=baby)
    login(client, "petugas1")
    page = client.get(f"/warga/{person_uuid(app)}")
    assert page.status_code == 200
    assert f'data-file="{own}"' in page.text and f'data-file="{birth}"' in page.text
    assert NIK in page.text and "Jl. Mawar 3" in page.text
    with app.app_context():
        baby_row = db.session.scalar(select(Person).where(Person.name == "Bayi Siti"))
        baby_id, home_id = baby_row.uuid, baby_row.household.uuid
        log = db.session.scalars(select(DataAccess)).all()
        assert [(e.kind, e.masked, e.person.nik) for e in log] == [("person_page", False, NIK)]
    baby_page = client.get(f"/warga/{baby_id}")
    assert f'data-file="{birth}"' in baby_page.text and f'data-file="{own}"' not in baby_page.text
    detail = client.get(f"/berkas/{birth}")
    assert f"/warga/{baby_id}" in detail.text and f"/keluarga/{home_id}" in detail.text


def test_kepala_sees_person_and_household_masked_and_the_look_is_logged(app, client, ids):
    accept(app)
    login(client, "kepala")
    page = client.get(f"/warga/{person_uuid(app)}")
    assert page.status_code == 200 and "data-masked" in page.text
    assert NIK not in page.text and "3201**********02" in page.text
    assert "Jl. Mawar 3" not in page.text
    with app.app_context():
        home = db.session.scalar(select(Household.uuid))
    family = client.get(f"/keluarga/{home}")
    assert family.status_code == 200 and KK not in family.text and NIK not in family.text
    assert 'data-form="add-member"' not in family.text
    with app.app_context():
        log = [(e.kind, e.masked) for e in db.session.scalars(select(DataAccess))]
        assert log == [("person_page", True), ("family_page", True)]
    assert client.get(f"/warga/{person_uuid(app)}/ubah").status_code == 403


def test_other_roles_and_unknown_ids_are_refused(app, client, ids):
    accept(app)
    login(client, "lapangan")
    assert client.get(f"/warga/{person_uuid(app)}").status_code == 403
    client.post("/keluar")
    login(client, "petugas1")
    assert client.get("/warga/not-a-uuid").status_code == 404
    assert client.get("/keluarga/00000000-0000-4000-8000-000000000000").status_code == 404


def edit_data(**changes) -> dict:
    data = {
        "nik": NIK,
        "name": "Siti Wahyuni",
        "sex": "P",
        "birth_date": "1945-08-17",
        "birth_place": "Bandung",
        "relation": "kepala_keluarga",
        "version": "1",
    }
    return {**data, **changes}


def test_person_edit_saves_and_a_stale_edit_is_a_conflict(app, client, ids):
    """Two officers open the form; the second save gets 409 with today's values."""
    accept(app)
    public_id = person_uuid(app)
    login(client, "petugas1")
    form = client.get(f"/warga/{public_id}/ubah")
    assert form.status_code == 200 and 'name="version"' in form.text
    saved = client.post(f"/warga/{public_id}/ubah", data=edit_data(birth_place="Bandung"))
    assert saved.status_code == 303
    stale = client.post(f"/warga/{public_id}/ubah", data=edit_data(name="Siti Lama"))
    assert stale.status_code == 409
    assert "Data sudah diubah petugas lain" in stale.text
    assert 'value="Bandung"' in stale.text and 'value="2"' in stale.text
    assert "data-unsaved" in stale.text and "Siti Lama" in stale.text  # shown, not saved
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.nik == NIK))
        assert (person.name, person.birth_place, person.version) == ("Siti Wahyuni", "Bandung", 2)


def test_person_edit_refuses_a_bad_or_taken_nik(app, client, ids):
    accept(app)
    other = {**PARENT, "nik": "3201010101900003", "name": "Ahmad", "sex": "L"}
    other.pop("birth_date")
    accept(app, applicant=other)
    public_id = person_uuid(app)
    login(client, "petugas1")
    bad = client.post(f"/warga/{public_id}/ubah", data=edit_data(nik="3201015708450000"))
    assert bad.status_code == 422 and "tidak boleh 0000" in bad.text
    unversioned = client.post(f"/warga/{public_id}/ubah", data=edit_data(version=""))
    assert unversioned.status_code == 422 and "muat ulang halaman" in unversioned.text
    taken = client.post(f"/warga/{public_id}/ubah", data=edit_data(nik="3201010101900003"))
    assert taken.status_code == 422 and "sudah tercatat untuk warga lain" in taken.text
    with app.app_context():
        assert db.session.scalar(select(Person.version).where(Person.nik == NIK)) == 1


def test_household_edit_members_in_and_out(app, client, ids):
    """Correct the KK; add a member without NIK; move them out: they stay on record."""
    accept(app)
    with app.app_context():
        home = db.session.scalar(select(Household.uuid))
    login(client, "petugas1")
    bad = client.post(
        f"/keluarga/{home}/ubah", data={"kk": "12", "address": "Jl. Mawar 3", "version": "1"}
    )
    assert bad.status_code == 422 and "16 digit" in bad.text
    ok = client.post(
        f"/keluarga/{home}/ubah",
        data={"kk": KK, "address": "Jl. Mawar 5", "rt": "2", "version": "1"},
    )
    assert ok.status_code == 303
    stale = client.post(f"/keluarga/{home}/ubah", data={"address": "Jl. Lama", "version": "1"})
    assert stale.status_code == 409 and 'value="Jl. Mawar 5"' in stale.text
    added = client.post(
        f"/keluarga/{home}/anggota",
        data={"name": "Rina", "nik_absent": "belum_punya", "relation": "anak", "sex": "P"},
    )
    assert added.status_code == 200 and "Rina masuk keluarga ini." in added.text
    with app.app_context():
        rina = db.session.scalar(select(Person).where(Person.name == "Rina"))
        rina_id, version = rina.uuid, rina.version
    gone = client.post(f"/keluarga/{home}/anggota/{rina_id}/keluar", data={"version": version})
    assert gone.status_code == 200 and f'data-member="{rina_id}"' not in gone.text
    again = client.post(f"/keluarga/{home}/anggota/{rina_id}/keluar", data={"version": version})
    assert again.status_code == 404
    with app.app_context():
        rina = db.session.scalar(select(Person).where(Person.name == "Rina"))
        assert rina.household_id is None  # moved out, never deleted


def test_a_subject_nik_on_record_is_offered_and_linked(app, client, ids):
    """Akta kematian for a person already on record: offered first, then linked, not copied."""
    grandfather = {**PARENT, "nik": "3201010101500003", "name": "Kakek Karta", "sex": "L"}
    grandfather.pop("birth_date")
    accept(app, applicant=grandfather)
    login(client, "admin")
    with app.test_request_context():
        code = issue_ticket("akta-kematian").tracking_code
    typed = intake_form(nik="3201010101500003", name="Karta", relation="orang_tua")
    offered = client.post(f"/berkas/terima/{code}", data=typed)
    known_id = person_uuid(app, "3201010101500003")
    assert offered.status_code == 200 and f'data-known-subject="{known_id}"' in offered.text
    confirmed = {**typed, "subject-person": known_id}
    assert client.post(f"/berkas/terima/{code}", data=confirmed).status_code == 302
    with app.app_context():
        case = db.session.scalar(select(CaseFile).where(CaseFile.tracking_code == code))
        assert (case.subject_person.uuid, case.subject_person.name) == (known_id, "Kakek Karta")
        assert db.session.scalar(select(func.count()).select_from(Person)) == 2


def test_an_adult_registering_their_own_birth_is_the_subject(app, client, ids):
    login(client, "admin")
    with app.test_request_context():
        code = issue_ticket("akta-kelahiran").tracking_code
    own = {**intake_form(), "subject-is_applicant": "y"}
    assert client.post(f"/berkas/terima/{code}", data=own).status_code == 302
    with app.app_context():
        case = db.session.scalar(select(CaseFile).where(CaseFile.tracking_code == code))
        assert case.subject_person_id == case.applicant_id


def test_access_log_links_the_person_and_household_looked_at(app, client, ids):
    accept(app)
    with app.app_context():
        home = db.session.scalar(select(Household.uuid))
    login(client, "admin")
    client.get(f"/warga/{person_uuid(app)}")
    client.get(f"/keluarga/{home}")
    log = client.get("/admin/akses-data")
    assert (
        f'href="/warga/{person_uuid(app)}"' in log.text and f'href="/keluarga/{home}"' in log.text
    )
    assert "Membuka data warga" in log.text and NIK not in log.text
