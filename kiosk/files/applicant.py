"""The applicant as staff see them: in full with files.read_pii, masked otherwise."""

from __future__ import annotations

from kiosk.auth.permissions import Action, allowed
from kiosk.files.privacy import mask_number
from kiosk.models import CaseFile, Person, User


def sees_full_data(user: User | None) -> bool:
    """Full NIK, KK, address and phone for this user? (Kepala: only after an admin's grant.)"""
    return allowed(user, Action.FILES_READ_PII)


def applicant_view(case: CaseFile, full: bool) -> dict:
    """The linked applicant; masked: NIK/KK starred, no birth date, address or phone."""
    return person_view(case.applicant, full)


def person_view(person: Person, full: bool) -> dict:
    """A person and their household's address; masked as applicant_view says."""
    home = person.household
    view = {
        "masked": not full,
        "uuid": person.uuid,
        "name": person.name,
        "nik": person.nik,
        "nik_absent": person.nik_absent,
        "kk": home.kk_number if home else None,
        "household": home.uuid if home else None,
        "relation": person.relation,
        "birth_date": person.birth_date,
        "birth_place": person.birth_place,
        "sex": person.sex,
        "address": home.address if home else "",
        "rt": home.rt if home else None,
        "rw": home.rw if home else None,
        "dusun": home.dusun if home else None,
        "phone": person.phone,
    }
    if full:
        return view
    hidden = dict.fromkeys(("birth_date", "birth_place", "address", "rt", "rw", "phone"))
    return {**view, **hidden, "nik": mask_number(view["nik"]), "kk": mask_number(view["kk"])}
