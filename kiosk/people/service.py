"""Find or make the person and household behind an intake: linked records, never copies.

A NIK is one person for life, so a known NIK reuses that person; a known KK reuses that
household. A person with no NIK is always a new record (the reason is kept on it).
"""

from __future__ import annotations

from sqlalchemy import or_, select

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import CaseFile, Household, Person
from kiosk.offices.current import single_office
from kiosk.offices.service import (
    is_regency_request,
    office_filter,
    regency_kecamatan,
)


def find_person(nik: str | None) -> Person | None:
    """The person with this NIK, if any."""
    if not nik:
        return None
    return db.session.scalar(select(Person).where(Person.nik == nik))


def files_of(person: Person, limit: int = 5) -> list[CaseFile]:
    """The person's latest files as applicant or subject, newest first."""
    query = (
        select(CaseFile)
        .where(or_(CaseFile.applicant_id == person.id, CaseFile.subject_person_id == person.id))
        .where(*office_filter(CaseFile))
        .order_by(CaseFile.accepted_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def find_person_by_uuid(public_id: str | None) -> Person | None:
    """A person by public id."""
    if not public_id:
        return None
    return db.session.scalar(select(Person).where(Person.uuid == public_id))


def person_for(data: dict, home: Household | None = None) -> tuple[Person, bool]:
    """(person, matched): the known person with this NIK, or a new one (flushed, not committed)
    living in `home` when no KK is given (a baby with its mother), else by the KK.

    `data` is already validated (kiosk.files.service.clean_applicant)."""
    known = find_person(data.get("nik"))
    if known is not None:
        return known, True
    now = clock.now()
    person = Person(
        nik=data.get("nik") or None,
        nik_absent=None if data.get("nik") else data.get("nik_absent"),
        name=data["name"],
        name_key=data["name"].lower(),
        sex=data.get("sex"),
        birth_date=data.get("birth_date"),
        birth_place=data.get("birth_place"),
        phone=data.get("phone"),
        phone_consent=bool(data.get("phone") and data.get("phone_consent")),
        household=home if home is not None and not data.get("kk") else household_for(data),
        relation=data.get("relation"),
        created_at=now,
    )
    if data.get("uuid"):
        person.uuid = data["uuid"]
    db.session.add(person)
    db.session.flush()
    return person, False


HEAD = "kepala_keluarga"


def head_of(home: Household) -> Person | None:
    """The head of the household as the KK lists it, else its first member (a family taken in
    at the counter may not have said who heads it)."""
    members = list(home.members)
    heads = [person for person in members if person.relation == HEAD]
    return (heads or members or [None])[0]


def household_for(data: dict) -> Household:
    """The household with this KK number, or a new one at the given address."""
    kk = data.get("kk")
    known = db.session.scalar(select(Household).where(Household.kk_number == kk)) if kk else None
    if known is not None:
        return known
    household = Household(
        kk_number=kk or None,
        address=data.get("address") or "",
        rt=data.get("rt"),
        rw=data.get("rw"),
        dusun=data.get("dusun"),
        created_at=clock.now(),
    )
    db.session.add(household)
    return household


def find_household_by_uuid(public_id: str | None) -> Household | None:
    """A household by public id."""
    if not public_id:
        return None
    return db.session.scalar(select(Household).where(Household.uuid == public_id))


def household_files(home: Household, limit: int = 50) -> list[CaseFile]:
    """The files about this household (KIS, DTKS, KK), newest first."""
    query = (
        select(CaseFile)
        .where(CaseFile.subject_household_id == home.id)
        .order_by(CaseFile.accepted_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def known_to_this_office(person: Person | None = None, home: Household | None = None) -> bool:
    """Whether the staff of this request may open a person or household: on a server of several
    offices, only one that a file of their own office names (as applicant, subject or family);
    a regency account sees all, a camat those named in its kecamatan's files. People are shared
    across offices, their files are not."""
    if single_office() or (is_regency_request() and not regency_kecamatan()):
        return True
    if home is not None:
        people = [member.id for member in home.members]
        homes = [home.id]
    else:
        people = [person.id]
        homes = [person.household_id] if person.household_id else []
    named = or_(
        CaseFile.applicant_id.in_(people),
        CaseFile.subject_person_id.in_(people),
        CaseFile.subject_household_id.in_(homes),
    )
    query = select(CaseFile.id).where(*office_filter(CaseFile), named).limit(1)
    return db.session.scalar(query) is not None
