"""Correct a person or a household, add and move out members: every change is conditional on
the version the officer's page showed (no lost updates), and checked by kiosk.people.rules."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from kiosk.errors import DomainError, FieldErrors
from kiosk.extensions import db
from kiosk.files.identity import clean_number
from kiosk.models import Household, Person
from kiosk.people.rules import clean_home, clean_person
from kiosk.people.service import find_person, person_for


class InvalidPeopleData(FieldErrors):
    """The typed data has problems; `errors` maps each field to what is wrong."""

    code = "invalid_person"

    def summary(self) -> str:
        return _("Data belum benar. Periksa isian yang ditandai.")


class RecordChanged(DomainError):
    """Someone else saved the record since the page was drawn: nothing was saved."""

    code = "conflict"
    status = 409


class NotAMember(DomainError):
    code = "not_found"
    status = 404


PERSON_COLUMNS = ("name", "nik", "nik_absent", "sex", "birth_date", "birth_place", "relation")


def update_person(person: Person, data: dict, expected_version: int | None) -> Person:
    """Correct a person's data; a NIK already on another person is refused."""
    _check_version(person, expected_version)
    cleaned, errors, _flags = clean_person(data)
    if cleaned["nik"] and _nik_elsewhere(cleaned["nik"], person):
        errors["nik"] = _("NIK ini sudah tercatat untuk warga lain.")
    if errors:
        raise InvalidPeopleData(errors)
    for column in PERSON_COLUMNS:
        setattr(person, column, cleaned[column])
    person.name_key = cleaned["name"].lower()
    person.phone = cleaned["phone"]
    person.phone_consent = bool(cleaned["phone"] and cleaned["phone_consent"])
    _commit({"nik": _("NIK ini sudah tercatat untuk warga lain.")})
    return person


def update_household(home: Household, data: dict, expected_version: int | None) -> Household:
    """Correct a household's KK number and address; a KK on another household is refused."""
    _check_version(home, expected_version)
    region = current_app.config.get("REGION_CODE") or None
    cleaned, errors, _flags = clean_home(data, region=region)
    kk_taken = _("Nomor KK ini sudah tercatat untuk keluarga lain.")
    if cleaned["kk"] and _kk_elsewhere(cleaned["kk"], home):
        errors["kk"] = kk_taken
    if errors:
        raise InvalidPeopleData(errors)
    home.kk_number = cleaned["kk"]
    for column in ("address", "rt", "rw", "dusun"):
        setattr(home, column, cleaned[column])
    _commit({"kk": kk_taken})
    return home


def add_member(home: Household, data: dict) -> tuple[Person, bool]:
    """(person, moved): a NIK on record moves that person in with the relation; otherwise a
    new person is recorded as a member (with the reason when there is no NIK)."""
    known = find_person(clean_number(data.get("nik")))
    if known is not None:
        relation = data.get("relation") or None
        if relation is not None and relation not in Person.RELATIONS:
            raise InvalidPeopleData({"relation": _("Hubungan keluarga tidak dikenal.")})
        known.household, known.relation = home, relation
        _commit({})
        return known, True
    cleaned, errors, _flags = clean_person(data)
    if errors:
        raise InvalidPeopleData(errors)
    person, _matched = person_for({**cleaned, "kk": None}, home)
    _commit({"nik": _("NIK ini sudah tercatat untuk warga lain.")})
    return person, False


def move_out(home: Household, person: Person, expected_version: int | None) -> Person:
    """Take a member off the household; the person stays on record, with their files."""
    if person.household_id != home.id:
        raise NotAMember(_("Warga ini bukan anggota keluarga ini."))
    _check_version(person, expected_version)
    person.household, person.relation = None, None
    _commit({})
    return person


def member_of(home: Household, public_id: str) -> Person:
    """A member of the household by public id, or NotAMember."""
    person = db.session.scalar(
        select(Person).where(Person.uuid == public_id, Person.household_id == home.id)
    )
    if person is None:
        raise NotAMember(_("Warga ini bukan anggota keluarga ini."))
    return person


def _check_version(row: Person | Household, expected: int | None) -> None:
    if expected is not None and expected != row.version:
        raise _changed()


def _commit(unique_errors: dict[str, str]) -> None:
    """Commit; a lost race on the version is RecordChanged, on a unique number a field error."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise _changed() from None
    except IntegrityError:
        db.session.rollback()
        raise InvalidPeopleData(unique_errors) from None


def _changed() -> RecordChanged:
    return RecordChanged(
        _(
            "Data sudah diubah petugas lain; perubahan Anda tidak disimpan. Berikut data "
            "terbaru: periksa, lalu ubah dan simpan lagi bila perlu."
        )
    )


def _nik_elsewhere(nik: str, person: Person) -> bool:
    query = select(Person.id).where(Person.nik == nik, Person.id != person.id)
    return db.session.scalar(query) is not None


def _kk_elsewhere(kk: str, home: Household) -> bool:
    query = select(Household.id).where(Household.kk_number == kk, Household.id != home.id)
    return db.session.scalar(query) is not None
