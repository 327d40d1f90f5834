"""DTKS proposals: make one (from the desk, a field visit, or a file taken in at the counter),
find a household's open one, and the list for the village meeting.

A proposal is a CaseFile of the `dtks` workflow (tracking code, receipt, history, public page)
with one DtksProposal row holding what only DTKS needs."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import clock
from kiosk.catalogue.service import find_service
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.files.events import file_accepted
from kiosk.files.service import code_in_use, record
from kiosk.files.workflow import workflow_for_service
from kiosk.models import CaseFile, DtksProposal, Household, Person, User, new_uuid
from kiosk.people.service import head_of
from kiosk.tracking import new_code

SERVICE = "dtks"
WORKFLOW = "dtks"
LISTED = "masuk_daftar_musyawarah"


class ProposalExists(DomainError):
    """The household already has an open DTKS proposal."""

    code = "proposal_exists"
    status = 409


class InvalidProposal(DomainError):
    code = "invalid_proposal"
    status = 422


def check_kind(kind: str, removal_reason: str | None) -> str | None:
    """Refuse an unknown kind or reason; a removal needs its reason (the rest none)."""
    if kind not in DtksProposal.KINDS:
        raise InvalidProposal(_("Jenis usulan tidak dikenal."))
    if kind != "penghapusan":
        return None
    if removal_reason not in DtksProposal.REMOVAL_REASONS:
        raise InvalidProposal(_("Pilih alasan penghapusan: meninggal atau pindah."))
    return removal_reason


def propose(
    household: Household,
    kind: str,
    user: User | None,
    *,
    channel: str,
    removal_reason: str | None = None,
    applicant: Person | None = None,
    note: str | None = None,
) -> CaseFile:
    """Open a DTKS proposal for the household: a `dtks` file with its own tracking code (no
    ticket) in the workflow's start status, and its proposal row. Commits."""
    removal_reason = check_kind(kind, removal_reason)
    if channel not in DtksProposal.CHANNELS:
        raise InvalidProposal(_("Asal usulan tidak dikenal."))
    if open_proposal(household.id) is not None:
        raise ProposalExists(_("Keluarga ini sudah punya usulan DTKS yang masih berjalan."))
    applicant = applicant or head_of(household)
    service = find_service(SERVICE)
    if applicant is None or service is None:
        raise InvalidProposal(
            _(
                "Usulan tidak bisa dibuat: keluarga belum punya anggota tercatat atau layanan "
                "DTKS tidak aktif."
            )
        )
    flow = workflow_for_service(SERVICE)
    now = clock.now()
    case = CaseFile(
        uuid=new_uuid(),
        office_id=service.office_id,
        tracking_code=_free_code(),
        service_id=service.id,
        workflow=flow.code,
        workflow_id=flow.id,
        status=flow.start,
        applicant=applicant,
        subject_household=household,
        notes=(note or "").strip() or None,
        flags=[],
        accepted_at=now,
        status_since=now,
        source="field" if channel == "field" else "counter",
        created_by_id=user.id if user else None,
    )
    db.session.add(case)
    db.session.flush()
    db.session.add(
        DtksProposal(
            office_id=case.office_id,
            file_id=case.id,
            household_id=household.id,
            kind=kind,
            removal_reason=removal_reason,
            channel=channel,
            created_at=now,
        )
    )
    record(case, "status", user, status=case.status, note=(note or "").strip() or None)
    db.session.flush()
    file_accepted.send(case, user=user)
    db.session.commit()
    return case


def _free_code() -> str:
    while True:
        code = new_code()
        if not code_in_use(code):
            return code


def open_proposal(household_id: int) -> DtksProposal | None:
    """The household's proposal whose file is still open (the newest), or None."""
    return db.session.scalar(
        select(DtksProposal)
        .join(CaseFile, DtksProposal.file_id == CaseFile.id)
        .where(DtksProposal.household_id == household_id, CaseFile.closed.is_(False))
        .order_by(DtksProposal.id.desc())
        .limit(1)
    )


def proposal_of(case: CaseFile) -> DtksProposal | None:
    """The proposal row of a `dtks` file (None for any other file)."""
    return db.session.scalar(select(DtksProposal).where(DtksProposal.file_id == case.id))


def proposals_in(office_id: int | None, status: str, dusun=None, rt=None) -> list[DtksProposal]:
    """The office's proposals whose file is in `status`, by dusun, RT and the head's name."""
    query = (
        select(DtksProposal)
        .join(CaseFile, DtksProposal.file_id == CaseFile.id)
        .join(Household, DtksProposal.household_id == Household.id)
        .where(CaseFile.status == status)
    )
    if office_id is not None:
        query = query.where(DtksProposal.office_id == office_id)
    if dusun:
        query = query.where(Household.dusun == dusun)
    if rt:
        query = query.where(Household.rt == rt)
    return sorted(db.session.scalars(query), key=area_order)


def area_order(proposal: DtksProposal) -> tuple:
    """Sort key: dusun, RT (as numbers where they are), the head's name."""
    home = proposal.household
    head = head_of(home)
    rt = home.rt or ""
    return (home.dusun or "", int(rt) if rt.isdigit() else 0, rt, head.name if head else "")


def listed_for_meeting(office_id: int, dusun=None, rt=None) -> list[DtksProposal]:
    """Proposals listed for the village meeting (ordered dusun, RT, head's name)."""
    return proposals_in(office_id, LISTED, dusun, rt)


def find_by_kk(number: str) -> Household | None:
    """A household by its KK number (spaces and dots ignored)."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if not digits:
        return None
    return db.session.scalar(select(Household).where(Household.kk_number == digits))
