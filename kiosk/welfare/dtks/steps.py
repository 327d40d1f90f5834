"""The steps of a DTKS proposal after it is made: the verification visit, the list for the
village meeting, the kind of proposal, entry into SIKS-NG, the outcome and the objection.

Each step moves the file through `kiosk.files.service` (its history is the record); the
statuses a step owns (`via` in the workflow) are reachable only through that step."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import clock
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.fieldoffice.dtks import outcome_label
from kiosk.files.service import commit_versioned, move_status, record
from kiosk.models import CaseFile, DtksProposal, HouseholdVisit, User, new_uuid
from kiosk.sync.forms.criteria import criteria_versions
from kiosk.welfare.dtks.national import national_names
from kiosk.welfare.dtks.service import LISTED, check_kind, proposal_of, proposals_in, propose

VERIFY_FROM = ("diusulkan", "perlu_dilengkapi")  # statuses a visit verifies
LIST_FROM = ("diverifikasi", "sanggahan")
KIND_EDITABLE = ("diusulkan", "perlu_dilengkapi", "diverifikasi")
VISIT_OUTCOMES = ("ditemui", "tidak_ditemui", "pindah", "meninggal")
NOBODY_MET = "tidak_ditemui"
AGREED = "disepakati_musyawarah"
ENTERED = "diinput_siksng"
OUTCOME_STATUS = {"masuk": "masuk_dtsen", "tidak_masuk": "tidak_masuk_dtsen"}


class StepRefused(DomainError):
    code = "step_not_allowed"
    status = 409


class InvalidStep(DomainError):
    code = "invalid_step"
    status = 422


def proposal_for(case: CaseFile) -> DtksProposal:
    """The proposal of a DTKS file, or a refusal for any other file."""
    proposal = proposal_of(case)
    if proposal is None:
        raise StepRefused(_("Berkas ini bukan usulan DTKS."))
    return proposal


# --- the verification visit -------------------------------------------------------------------


def current_criteria_version() -> int:
    """The newest published version of the DTKS criteria."""
    return max(criteria_versions())


def link_visit(proposal: DtksProposal, visit: HouseholdVisit, user: User | None) -> bool:
    """Attach a visit to a proposal waiting for it and move the file to "diverifikasi" (via
    visit); a visit that met nobody is not a verification. Flushes, never commits."""
    case = proposal.file
    if visit.outcome == NOBODY_MET or case.status not in VERIFY_FROM:
        return False
    proposal.visit_id = visit.id
    met = len(visit.criteria_met or [])
    note = _(
        "Kunjungan verifikasi: %(outcome)s, %(met)d kriteria terpenuhi.",
        outcome=outcome_label(visit.outcome),
        met=met,
    )
    move_status(case, "diverifikasi", note, user, via="visit")
    db.session.flush()
    return True


def on_visit_projected(visit: HouseholdVisit, user: User | None) -> None:
    """A field visit synced from a tablet verifies the household's open proposal, if any."""
    proposal = db.session.scalar(
        select(DtksProposal)
        .join(CaseFile, DtksProposal.file_id == CaseFile.id)
        .where(
            DtksProposal.household_id == visit.household_id,
            CaseFile.status.in_(VERIFY_FROM),
        )
        .order_by(DtksProposal.id.desc())
        .limit(1)
    )
    if proposal is not None and proposal.visit_id is None:
        link_visit(proposal, visit, user)


def record_visit(
    case: CaseFile,
    user: User,
    *,
    outcome: str,
    criteria_met: list[str],
    note: str | None,
    visited_on: dt.date,
) -> HouseholdVisit:
    """The desk enters a verification visit (e.g. from a paper form): a HouseholdVisit by the
    staff user with the current criteria, linked to the proposal as a tablet's would be."""
    proposal = proposal_for(case)
    if case.status not in VERIFY_FROM:
        raise StepRefused(_("Kunjungan hanya dicatat untuk usulan yang belum diverifikasi."))
    version = current_criteria_version()
    known = {c["code"] for c in criteria_versions()[version]}
    if outcome not in VISIT_OUTCOMES:
        raise InvalidStep(_("Pilih hasil kunjungan."))
    if not set(criteria_met) <= known:
        raise InvalidStep(_("Kriteria tidak dikenal."))
    if visited_on > clock.today():
        raise InvalidStep(_("Tanggal kunjungan tidak boleh di masa depan."))
    visit = HouseholdVisit(
        uuid=new_uuid(),
        office_id=case.office_id,
        household_id=proposal.household_id,
        criteria_version=version,
        outcome=outcome,
        criteria_met=sorted(criteria_met) if outcome == "ditemui" else [],
        note=(note or "").strip() or None,
        photos=[],
        visited_at=_noon(visited_on),
        officer_id=user.id,
        device_id=None,
    )
    db.session.add(visit)
    db.session.flush()
    link_visit(proposal, visit, user)
    commit_versioned(case)
    return visit


def _noon(day: dt.date) -> dt.datetime:
    """A visit entered by date only: noon of that day in office time (today: now)."""
    if day == clock.today():
        return clock.now()
    return dt.datetime.combine(day, dt.time(12), tzinfo=clock.office_tz())


# --- the list for the village meeting --------------------------------------------------------


def list_for_meeting(case: CaseFile, user: User | None) -> CaseFile:
    """Put one verified (or objected) proposal on the list for the village meeting."""
    proposal_for(case)
    if case.status not in LIST_FROM:
        raise StepRefused(
            _("Hanya usulan yang sudah diverifikasi atau disanggah bisa didaftarkan.")
        )
    move_status(case, LISTED, None, user)
    commit_versioned(case)
    return case


def list_area(office_id: int, user: User | None, dusun=None, rt=None) -> int:
    """Put every verified proposal of a dusun (and RT) on the meeting list; how many."""
    proposals = proposals_in(office_id, "diverifikasi", dusun, rt)
    for proposal in proposals:
        move_status(proposal.file, LISTED, None, user)
    db.session.commit()
    return len(proposals)


# --- the kind of proposal ------------------------------------------------------------------


def set_kind(
    case: CaseFile, kind: str, removal_reason: str | None, user: User | None
) -> DtksProposal:
    """Correct what is proposed (new, update, removal + reason) before the meeting list."""
    proposal = proposal_for(case)
    if case.status not in KIND_EDITABLE:
        raise StepRefused(_("Jenis usulan hanya bisa diubah sebelum masuk daftar musyawarah."))
    proposal.removal_reason = check_kind(kind, removal_reason)
    proposal.kind = kind
    record(case, "note", user, note=_("Jenis usulan: %(kind)s", kind=kind_label(proposal)))
    commit_versioned(case)
    return proposal


def kind_label(proposal: DtksProposal) -> str:
    """What is proposed, in words."""
    words = {
        "baru": _("Usulan baru"),
        "perubahan": _("Perubahan data"),
        "penghapusan": _("Penghapusan"),
    }
    reasons = {"meninggal": _("meninggal"), "pindah": _("pindah")}
    text = words.get(proposal.kind, proposal.kind)
    if proposal.removal_reason:
        text += f" ({reasons.get(proposal.removal_reason, proposal.removal_reason)})"
    return text


# --- SIKS-NG, the outcome, the objection -----------------------------------------------------


def mark_entered(cases: list[CaseFile], entered_on: dt.date, user: User | None) -> int:
    """The operator entered these agreed proposals into SIKS-NG on `entered_on`; how many
    moved (the others were entered already or are not agreed: left as they are)."""
    if entered_on > clock.today():
        raise InvalidStep(_("Tanggal input tidak boleh di masa depan."))
    moved = 0
    for case in cases:
        proposal = proposal_for(case)
        if case.status != AGREED:
            continue
        proposal.entered_on = entered_on
        note = _(
            "Diinput ke %(app)s tanggal %(day)s.",
            app=national_names()["entry_app"],
            day=entered_on.isoformat(),
        )
        move_status(case, ENTERED, note, user, via="entry")
        moved += 1
    db.session.commit()
    return moved


def record_outcome(
    case: CaseFile,
    outcome: str,
    decile: int | None,
    outcome_on: dt.date,
    user: User | None,
) -> DtksProposal:
    """The result that came back: in DTSEN (with the decile if given) or not."""
    proposal = proposal_for(case)
    if outcome not in OUTCOME_STATUS:
        raise InvalidStep(_("Pilih hasil: masuk atau tidak masuk."))
    if decile is not None and (outcome != "masuk" or not 1 <= decile <= 10):
        raise InvalidStep(_("Desil 1 sampai 10, hanya untuk keluarga yang masuk."))
    if outcome_on > clock.today():
        raise InvalidStep(_("Tanggal hasil tidak boleh di masa depan."))
    note = _("Desil %(decile)d", decile=decile) if decile else None
    move_status(case, OUTCOME_STATUS[outcome], note, user, via="outcome")
    proposal.outcome, proposal.decile, proposal.outcome_on = outcome, decile, outcome_on
    commit_versioned(case)
    return proposal


def record_objection(case: CaseFile, note: str, user: User | None) -> CaseFile:
    """The family objects (sanggahan): the proposal reopens and goes to the meeting again."""
    proposal_for(case)
    move_status(case, "sanggahan", note, user, via="objection")
    commit_versioned(case)
    return case


def propose_from_visit(visit: HouseholdVisit, user: User) -> CaseFile:
    """Propose the household of a field visit (a removal when the visit found a death or a
    move); the visit is its verification already."""
    reason = visit.outcome if visit.outcome in DtksProposal.REMOVAL_REASONS else None
    kind = "penghapusan" if reason else "baru"
    case = propose(visit.household, kind, user, channel="field", removal_reason=reason)
    link_visit(proposal_of(case), visit, user)
    commit_versioned(case)
    return case
