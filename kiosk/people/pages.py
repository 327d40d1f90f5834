"""What the person and household pages show: full for files.read_pii, masked otherwise."""

from __future__ import annotations

import uuid

from flask_babel import gettext as _

from kiosk.errors import DomainError
from kiosk.files.applicant import person_view
from kiosk.files.privacy import mask_number
from kiosk.models import Household, Person
from kiosk.people.service import (
    files_of,
    find_household_by_uuid,
    find_person_by_uuid,
    household_files,
    known_to_this_office,
)

PAGE_FILES = 50


class UnknownRecord(DomainError):
    code = "not_found"
    status = 404


def canonical(public_id: str) -> str | None:
    """A UUID from a path in canonical text, or None."""
    try:
        return str(uuid.UUID(public_id))
    except ValueError:
        return None


def get_person(public_id: str) -> Person:
    """A person by the UUID in the path, or a 404."""
    person = find_person_by_uuid(canonical(public_id))
    if person is None or not known_to_this_office(person=person):
        raise UnknownRecord(_("Data warga ini tidak ditemukan."))
    return person


def get_household(public_id: str) -> Household:
    """A household by the UUID in the path, or a 404."""
    home = find_household_by_uuid(canonical(public_id))
    if home is None or not known_to_this_office(home=home):
        raise UnknownRecord(_("Data keluarga ini tidak ditemukan."))
    return home


def person_context(person: Person, full: bool) -> dict:
    """A person, their household and the files where they are applicant or subject."""
    return {
        "person": person,
        "view": person_view(person, full),
        "files": files_of(person, limit=PAGE_FILES),
    }


def household_context(home: Household, full: bool) -> dict:
    """A household: KK and address (masked: KK starred, only the dusun), members, files."""
    members = [
        {"person": m, "nik": m.nik if full else mask_number(m.nik), "relation": m.relation}
        for m in home.members
    ]
    return {
        "home": home,
        "masked": not full,
        "kk": home.kk_number if full else mask_number(home.kk_number),
        "members": members,
        "files": household_files(home, limit=PAGE_FILES),
    }


def unsaved_changes(typed, current) -> list[tuple[str, str]]:
    """(label, typed value) for each field the officer typed differently from today's values,
    so a refused save can be redone by hand without guessing."""
    changes = []
    for field in typed:
        if field.name in ("csrf_token", "version"):
            continue
        mine, theirs = field.data, current[field.name].data
        if (mine or None) == (theirs or None):
            continue
        shown = dict(field.choices or []).get(mine, mine) if hasattr(field, "choices") else mine
        if isinstance(mine, bool):
            shown = _("ya") if mine else _("tidak")
        changes.append((str(field.label.text), "" if shown is None else str(shown)))
    return changes
