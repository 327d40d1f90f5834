"""The applicant as staff see them: in full with files.read_pii, masked otherwise."""

from __future__ import annotations

from kiosk.auth.permissions import Action, allowed
from kiosk.files.privacy import mask_number
from kiosk.models import CaseFile, User


def sees_full_data(user: User | None) -> bool:
    """Full NIK, KK, address and phone for this user? (Kepala: only after an admin's grant.)"""
    return allowed(user, Action.FILES_READ_PII)


def applicant_view(case: CaseFile, full: bool) -> dict:
    """Name and identity numbers; masked: NIK/KK starred, no birth date, address or phone."""
    view = {
        "masked": not full,
        "name": case.applicant_name,
        "nik": case.applicant_nik,
        "kk": case.kk_number,
        "birth_date": case.birth_date,
        "sex": case.sex,
        "address": case.address,
        "rt": case.rt,
        "rw": case.rw,
        "dusun": case.dusun,
        "phone": case.phone,
    }
    if full:
        return view
    hidden = dict.fromkeys(("birth_date", "address", "rt", "rw", "phone"))
    return {
        **view,
        **hidden,
        "nik": mask_number(case.applicant_nik),
        "kk": mask_number(case.kk_number),
    }
