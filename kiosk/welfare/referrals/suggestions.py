"""Suggestions for the welfare desk, found from what happens to files (kiosk.files.events):

- a death certificate taken in → remove the person from DTKS (when the household has DTKS
  history) and from PBI-JK;
- a newborn's birth certificate → add the baby to the family's KIS (PBI-JK);
- a welfare file whose applicant has no NIK or no KTP → an adminduk file first.

"Terima" makes the referral (or, for a DTKS removal, the removal proposal); "Abaikan" keeps the
reason. One suggestion per (kind, source file, person): a replayed event adds none.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select
from sqlalchemy.orm.exc import StaleDataError

from kiosk import clock
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import (
    CaseFile,
    Household,
    HouseholdVisit,
    Person,
    Service,
    User,
    WelfareSuggestion,
)
from kiosk.offices.service import office_filter, visible_to_staff
from kiosk.welfare.referrals.service import create_referral

DEATH_SERVICE = "akta-kematian"
BIRTH_SERVICE = "akta-kelahiran"
# Files of the welfare desk whose applicant must have a KTP (domain.md §3: KIS, DTKS, PBI-JK).
WELFARE_SERVICES = frozenset({"kis", "dtks", "pbi-aktifkan", "kis-bayi"})
DTKS_WORKFLOW = "dtks"
# A birth registered this long after it is a late registration, not a newborn for the KIS.
NEWBORN_AGE = dt.timedelta(days=365)
# The referral program each kind of suggestion becomes when accepted (programs.yaml codes).
PROGRAM_OF = {
    "pbi_penghapusan": "pbi_hapus",
    "kis_bayi": "pbi_bayi",
    "berkas_adminduk": "adminduk",
}
KIND_LABELS = {
    "dtks_penghapusan": _l("Usul hapus dari DTKS/DTSEN (meninggal)"),
    "pbi_penghapusan": _l("Lapor peserta PBI-JK meninggal"),
    "kis_bayi": _l("Daftarkan bayi ke KIS keluarga (PBI-JK)"),
    "berkas_adminduk": _l("Buat berkas adminduk (belum punya NIK/KTP)"),
}
STATE_LABELS = {
    "baru": _l("Baru"),
    "diterima": _l("Diterima"),
    "diabaikan": _l("Diabaikan"),
}
LIST_LIMIT = 200


class SuggestionChanged(DomainError):
    """Another officer already accepted or dismissed it."""

    code = "conflict"
    status = 409


class UnknownSuggestion(DomainError):
    code = "not_found"
    status = 404


class ReasonRequired(DomainError):
    code = "note_required"
    status = 422


def kind_label(kind: str) -> str:
    """A suggestion's kind in words."""
    return str(KIND_LABELS.get(kind, kind))


# --- from events ------------------------------------------------------------------------------


def suggest_from_file(case: CaseFile) -> list[WelfareSuggestion]:
    """The suggestions a newly accepted file gives (added to the session, never committed)."""
    code = case.service.code
    found: list[tuple[str, Person, Household]] = []
    person = case.subject_person
    home = _home_of(person, case)
    if code == DEATH_SERVICE and person is not None and home is not None:
        if has_dtks_history(home):
            found.append(("dtks_penghapusan", person, home))
        found.append(("pbi_penghapusan", person, home))
    elif code == BIRTH_SERVICE and person is not None and home is not None:
        if _newborn(person, case):
            found.append(("kis_bayi", person, home))
    elif code in WELFARE_SERVICES and lacks_ktp(case):
        applicant = case.applicant
        home = applicant.household or case.subject_household
        if home is not None:
            found.append(("berkas_adminduk", applicant, home))
    return [made for kind, who, where in found if (made := _add(kind, who, where, case))]


def has_dtks_history(home: Household) -> bool:
    """The household was visited for DTKS, or has a DTKS proposal (a file of the DTKS service
    or workflow)."""
    visited = exists().where(HouseholdVisit.household_id == home.id)
    proposed = (
        exists()
        .where(CaseFile.subject_household_id == home.id, CaseFile.service_id == Service.id)
        .where(or_(CaseFile.workflow == DTKS_WORKFLOW, Service.code == DTKS_WORKFLOW))
    )
    return bool(db.session.scalar(select(visited | proposed)))


def lacks_ktp(case: CaseFile) -> bool:
    """The applicant has no NIK on record, or the file's KTP paper was not brought."""
    if not case.applicant.nik:
        return True
    return any(
        paper.requirement is not None
        and paper.requirement.code.startswith("ktp")
        and paper.state != "received"
        for paper in case.papers
    )


def _home_of(person: Person | None, case: CaseFile) -> Household | None:
    if person is not None and person.household is not None:
        return person.household
    return case.applicant.household


def _newborn(person: Person, case: CaseFile) -> bool:
    born = person.birth_date
    return born is None or clock.local(case.accepted_at).date() - born <= NEWBORN_AGE


def _add(kind: str, person: Person, home: Household, case: CaseFile) -> WelfareSuggestion | None:
    """One suggestion unless this event already gave it (a replay)."""
    known = select(WelfareSuggestion.id).where(
        WelfareSuggestion.kind == kind,
        WelfareSuggestion.source_file_id == case.id,
        WelfareSuggestion.person_id == person.id,
    )
    if db.session.scalar(known) is not None:
        return None
    suggestion = WelfareSuggestion(
        office_id=case.office_id,
        kind=kind,
        household=home,
        person=person,
        source_file_id=case.id,
        state="baru",
        created_at=clock.now(),
    )
    db.session.add(suggestion)
    return suggestion


# --- the desk ---------------------------------------------------------------------------------


def new_suggestions(office_id: int | None = None, household: Household | None = None) -> list:
    """Suggestions waiting for the desk, oldest first."""
    query = (
        select(WelfareSuggestion)
        .where(WelfareSuggestion.state == "baru", *office_filter(WelfareSuggestion, office_id))
        .order_by(WelfareSuggestion.created_at, WelfareSuggestion.id)
        .limit(LIST_LIMIT)
    )
    if household is not None:
        query = query.where(WelfareSuggestion.household_id == household.id)
    return list(db.session.scalars(query))


def resolved_suggestions(office_id: int | None = None, limit: int = 50) -> list:
    """The latest accepted or dismissed suggestions, newest first."""
    query = (
        select(WelfareSuggestion)
        .where(WelfareSuggestion.state != "baru", *office_filter(WelfareSuggestion, office_id))
        .order_by(WelfareSuggestion.resolved_at.desc(), WelfareSuggestion.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def get_suggestion(suggestion_id: int) -> WelfareSuggestion:
    """A suggestion this officer may see, or 404."""
    suggestion = db.session.get(WelfareSuggestion, suggestion_id)
    if suggestion is None or not visible_to_staff(suggestion):
        raise UnknownSuggestion(_("Usulan tidak ditemukan."))
    return suggestion


def accept_suggestion(
    suggestion: WelfareSuggestion, user: User, expected_version: int | None = None
) -> WelfareSuggestion:
    """Act on it: a DTKS removal proposal (through the DTKS desk), or a referral to the program."""
    _ensure_new(suggestion, expected_version)
    if suggestion.kind == "dtks_penghapusan":
        from kiosk.welfare.dtks.service import propose  # the DTKS desk owns proposals

        proposal = propose(
            suggestion.household,
            "penghapusan",
            user,
            channel="desk",
            removal_reason="meninggal",
            note=_("Meninggal: akta kematian %(code)s", code=suggestion.source_file.tracking_code),
        )
        suggestion.result_file_id = proposal.id
    else:
        suggestion.referral = create_referral(
            suggestion.household,
            PROGRAM_OF[suggestion.kind],
            user,
            person=suggestion.person,
            file=suggestion.source_file,
            commit=False,
        )
    _resolve(suggestion, "diterima", user, None)
    return suggestion


def dismiss_suggestion(
    suggestion: WelfareSuggestion, user: User, reason: str | None, expected_version=None
) -> WelfareSuggestion:
    """Set it aside with the reason (e.g. not a PBI member)."""
    _ensure_new(suggestion, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(_("Tulis alasan mengabaikan usulan ini."))
    _resolve(suggestion, "diabaikan", user, reason)
    return suggestion


def _ensure_new(suggestion: WelfareSuggestion, expected_version: int | None) -> None:
    stale = expected_version is not None and expected_version != suggestion.version
    if stale or suggestion.state != "baru":
        raise _changed()


def _resolve(suggestion, state: str, user: User | None, note: str | None) -> None:
    suggestion.state, suggestion.note = state, note
    suggestion.resolved_at = clock.now()
    suggestion.resolved_by_id = user.id if user else None
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise _changed() from None


def _changed() -> SuggestionChanged:
    return SuggestionChanged(
        _("Usulan ini sudah ditangani petugas lain. Muat ulang halaman untuk melihatnya.")
    )
