"""A household record becomes a Household (uuid = the record's) and a Person per member
(uuid = the member's id). A NIK already held by someone else links to that person and flags
the record `nik_exists`; a KK number already on another household is projected into that
household and flagged `kk_exists`. Members taken off the record are kept (never deleted)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import Household, Person, SyncRecord, User
from kiosk.sync.projection.flags import add_flag

NIK_EXISTS = "nik_exists"
KK_EXISTS = "kk_exists"
HEAD = "kepala_keluarga"


def project_household(record: SyncRecord, officer: User | None) -> Household:
    fields = record.fields or {}
    home = household_for_record(record)
    kk = fields.get("kk_number") or None
    if home is None:
        home = Household(uuid=record.uuid, created_at=record.created_at, office_id=record.office_id)
        db.session.add(home)
    if kk and home.kk_number != kk:
        if _kk_holder(kk) is None:
            home.kk_number = kk
        else:
            add_flag(record, KK_EXISTS)
    home.address = fields.get("address") or ""
    home.rt, home.rw = fields.get("rt"), fields.get("rw")
    home.dusun = fields.get("dusun")
    db.session.flush()
    for member in fields.get("members") or []:
        if isinstance(member, dict) and member.get("id"):
            _project_member(record, home, member, fields)
    db.session.flush()
    return home


def household_for_record(record: SyncRecord) -> Household | None:
    """The household this record was projected into: its own UUID, else its KK number's."""
    home = db.session.scalar(select(Household).where(Household.uuid == record.uuid))
    kk = (record.fields or {}).get("kk_number")
    if home is None and kk:
        home = _kk_holder(kk)
        if home is not None:
            add_flag(record, KK_EXISTS)
    return home


def _kk_holder(kk: str) -> Household | None:
    return db.session.scalar(select(Household).where(Household.kk_number == kk))


def member_person(member_id: str, record_fields: dict) -> Person | None:
    """The person a member entry of a household record stands for: the member's own person,
    or the person already on record with the member's NIK."""
    person = db.session.scalar(select(Person).where(Person.uuid == member_id))
    if person is not None:
        return person
    for member in record_fields.get("members") or []:
        if isinstance(member, dict) and member.get("id") == member_id and member.get("nik"):
            return db.session.scalar(select(Person).where(Person.nik == member["nik"]))
    return None


def _project_member(record: SyncRecord, home: Household, member: dict, fields: dict) -> None:
    nik = member.get("nik") if member.get("nik_status") == "ada" else None
    person = db.session.scalar(select(Person).where(Person.uuid == member["id"]))
    holder = db.session.scalar(select(Person).where(Person.nik == nik)) if nik else None
    if person is None and holder is not None:
        add_flag(record, NIK_EXISTS)  # linked to the person on record, not copied
        if holder.household_id is None:
            holder.household = home
        return
    if person is None:
        person = Person(uuid=member["id"], created_at=clock.now(), office_id=record.office_id)
        db.session.add(person)
    if holder is not None and holder is not person:
        add_flag(record, NIK_EXISTS)
        nik = person.nik
    name = str(member.get("name") or "").strip()[:120]
    person.name, person.name_key = name, name.lower()
    person.nik = nik
    person.nik_absent = None if nik else _absent_reason(member)
    person.sex = member.get("sex")
    person.birth_date = _date(member.get("birth_date"))
    person.birth_place = member.get("birth_place") or None
    person.relation = member.get("relation")
    person.household = home
    if member.get("relation") == HEAD and fields.get("phone"):
        person.phone = fields["phone"]
        person.phone_consent = fields.get("sms_consent") == "ya"


def _absent_reason(member: dict) -> str | None:
    reason = member.get("nik_status")
    return reason if reason in Person.NIK_ABSENT else None


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
