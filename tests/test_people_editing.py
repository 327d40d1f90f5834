"""People and households in the data layer (SQLite and PostgreSQL): whom an intake's file is
about, corrections conditional on the version, members moved in and out, unique numbers."""

from __future__ import annotations

import copy

import pytest
import yaml
from sqlalchemy import func, select, update

from kiosk.catalogue.loader import DATA_DIR, CatalogueError, read_services
from kiosk.catalogue.subjects import subject_of
from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.models import Household, Person
from kiosk.people import editing
from kiosk.queue.service import issue_ticket

pytestmark = pytest.mark.data_layer

NIK = "3201015708450002"
KK = "3201011503150007"
PARENT = {"nik": NIK, "name": "Siti Wahyuni", "kk": KK, "sex": "P", "address": "Jl. Mawar 3"}
HUSBAND = {
    **PARENT,
    "nik": "3201010101900003",
    "kk": "3201010202100001",
    "name": "Ahmad",
    "sex": "L",
}
BABY = {"name": "Bayi Siti", "nik_absent": "belum_punya", "relation": "anak", "sex": "L"}


def accept(service="ktp-baru", applicant=PARENT, **extra):
    ticket = issue_ticket(service)
    return files.accept_file(
        tracking_code=ticket.tracking_code,
        service_code=None,
        applicant=applicant,
        received=[],
        missing=[],
        **extra,
    )


def test_shipped_services_say_whom_their_files_are_about():
    """Akta and KIA are about another person, KIS/DTKS/KK baru about the family."""
    kinds = {code: subject_of(code).kind for code in ("akta-kelahiran", "kia", "kis", "dtks")}
    assert kinds == {"akta-kelahiran": "person", "kia": "person", "kis": "household",
                     "dtks": "household"}  # fmt: skip
    assert (subject_of("kk-baru").kind, subject_of("ktp-baru").kind) == ("household", "self")
    assert subject_of("akta-kelahiran").relation == "anak"
    assert subject_of("no-such-service").kind == "self"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"subject": "bayi"}, r"\(ktp-baru\): subject must be one of self, person, household"),
        ({"subject_relation": "anak"}, r"\(ktp-baru\): subject_who/subject_relation need"),
        ({"subject": "person", "subject_relation": "tetangga"}, r"subject_relation must be"),
        ({"subject": "person", "subject_who": {"en": "x"}}, r"subject_who: needs an Indonesian"),
    ],
)
def test_catalogue_refuses_an_unknown_subject(tmp_path, change, message):
    document = copy.deepcopy(yaml.safe_load((DATA_DIR / "services.yaml").read_text("utf-8")))
    document["services"][0].update(change)
    path = tmp_path / "services.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError, match=message):
        read_services(path)


def test_akta_kelahiran_links_the_baby_as_subject_in_the_parents_household(ctx):
    case = accept("akta-kelahiran", subject=BABY)
    baby = case.subject_person
    assert (case.applicant.nik, baby.name, baby.nik, baby.nik_absent) == (
        NIK,
        "Bayi Siti",
        None,
        "belum_punya",
    )
    assert baby.household is case.applicant.household and baby.relation == "anak"
    assert case.subject_household is None


def test_kis_is_about_the_applicants_household_and_a_second_file_reuses_the_person(ctx):
    first = accept()
    kis = accept("kis", {**PARENT, "name": "Siti W."}, subject_household=True)
    assert kis.applicant_id == first.applicant_id
    assert kis.subject_household_id == first.applicant.household_id
    assert kis.subject_person_id is None
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1
    dtks = accept("dtks")  # the catalogue's subject holds without the caller saying so
    assert dtks.subject_household_id == first.applicant.household_id


def person_data(person: Person, **changes) -> dict:
    data = {
        "nik": person.nik,
        "nik_absent": person.nik_absent,
        "name": person.name,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "birth_place": person.birth_place,
        "relation": person.relation,
    }
    return {**data, **changes}


def test_person_update_with_a_stale_version_saves_nothing(ctx):
    person = accept().applicant
    with pytest.raises(editing.RecordChanged):
        editing.update_person(person, person_data(person, name="Siti Lain"), expected_version=7)
    db.session.expire_all()
    assert (person.name, person.version) == ("Siti Wahyuni", 1)
    editing.update_person(person, person_data(person, birth_place="Bandung"), 1)
    assert (person.birth_place, person.version) == ("Bandung", 2)


def test_person_update_loses_a_race_cleanly(ctx):
    """Another officer saves between this read and this write: the UPDATE ... WHERE version
    matches nothing, so this save is RecordChanged and the other one stays."""
    person = accept().applicant
    with db.engine.begin() as other:
        other.execute(
            update(Person).where(Person.id == person.id).values(name="Siti Baru", version=2)
        )
    with pytest.raises(editing.RecordChanged):
        editing.update_person(person, person_data(person, name="Siti Lama"), expected_version=1)
    assert (person.name, person.version) == ("Siti Baru", 2)


def test_household_kk_is_checked_and_unique(ctx):
    home = accept().applicant.household
    other = accept(applicant=HUSBAND)
    address = {"address": "Jl. Mawar 3"}
    with pytest.raises(editing.InvalidPeopleData) as bad:
        editing.update_household(home, {**address, "kk": "3201013202100001"}, 1)
    assert set(bad.value.errors) == {"kk"}
    with pytest.raises(editing.InvalidPeopleData) as taken:
        editing.update_household(home, {**address, "kk": other.applicant.household.kk_number}, 1)
    assert "keluarga lain" in taken.value.errors["kk"]
    editing.update_household(home, {**address, "kk": "", "rt": "4"}, 1)
    assert (home.kk_number, home.rt, home.version) == (None, "004", 2)


def test_members_move_in_by_nik_and_out_without_being_deleted(ctx):
    home = accept().applicant.household
    other = accept(applicant=HUSBAND)
    moved, was_known = editing.add_member(home, {"nik": "3201010101900003", "relation": "suami"})
    assert was_known and moved.id == other.applicant_id and moved.household is home
    child, was_known = editing.add_member(home, BABY)
    assert not was_known and child.household is home and child.relation == "anak"
    with pytest.raises(editing.RecordChanged):
        editing.move_out(home, child, expected_version=child.version + 1)
    editing.move_out(home, child, child.version)
    assert (child.household, child.relation) == (None, None)
    assert db.session.get(Person, child.id) is not None
    with pytest.raises(editing.NotAMember):
        editing.move_out(home, child, child.version)
    members = db.session.get(Household, home.id).members
    assert [(p.name, p.relation) for p in members] == [("Siti Wahyuni", None), ("Ahmad", "suami")]
