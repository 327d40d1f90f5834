"""DTKS proposals and field visits as the desk's lists show them: area, the head's name
(masked for a role without personal data), the stage, what is proposed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from kiosk import clock
from kiosk.extensions import db
from kiosk.fieldoffice.dtks import criteria_total, outcome_label
from kiosk.files.privacy import mask_name, mask_number
from kiosk.files.service import file_workflow
from kiosk.models import CaseFile, DtksProposal, Household, HouseholdVisit
from kiosk.welfare.dtks.service import area_order, head_of
from kiosk.welfare.dtks.steps import NOBODY_MET, kind_label

LIST_LIMIT = 500
VISIT_DAYS = 180  # field visits offered for a proposal: this recent


def head_name(home: Household, full: bool) -> str:
    """The head's name, masked unless `full`."""
    head = head_of(home)
    name = head.name if head else ""
    return name if full else mask_name(name)


def member_rows(home: Household, full: bool) -> list[dict]:
    """The members: name, NIK (both masked unless `full`) and relation in words."""
    return [
        {
            "name": p.name if full else mask_name(p.name),
            "nik": (p.nik if full else mask_number(p.nik)) or "—",
            "relation": (p.relation or "—").replace("_", " "),
        }
        for p in home.members
    ]


@dataclass(frozen=True)
class ProposalRow:
    """One proposal in a list."""

    proposal: DtksProposal
    head: str

    @property
    def case(self) -> CaseFile:
        return self.proposal.file

    @property
    def home(self) -> Household:
        return self.proposal.household

    @property
    def status_label(self) -> str:
        return file_workflow(self.case).status(self.case.status).text("label")

    @property
    def kind(self) -> str:
        return kind_label(self.proposal)

    @property
    def visit_summary(self) -> str:
        visit = self.proposal.visit
        if visit is None:
            return ""
        if visit.outcome != "ditemui":
            return outcome_label(visit.outcome)
        met, total = len(visit.criteria_met or []), criteria_total(visit.criteria_version)
        return f"{met}/{total}"


def proposal_rows(proposals, full: bool) -> list[ProposalRow]:
    return [ProposalRow(p, head_name(p.household, full)) for p in proposals]


def filtered(office_id: int, stage=None, dusun=None, rt=None) -> list[DtksProposal]:
    """The office's proposals (optionally of one stage, dusun, RT) by area and name."""
    query = (
        select(DtksProposal)
        .join(CaseFile, DtksProposal.file_id == CaseFile.id)
        .join(Household, DtksProposal.household_id == Household.id)
        .where(DtksProposal.office_id == office_id)
        .order_by(DtksProposal.id.desc())
        .limit(LIST_LIMIT)
    )
    if stage:
        query = query.where(CaseFile.status == stage)
    if dusun:
        query = query.where(Household.dusun == dusun)
    if rt:
        query = query.where(Household.rt == rt)
    return sorted(db.session.scalars(query), key=area_order)


def dusun_names(office_id: int) -> list[str]:
    """The dusun of the office's proposals' households."""
    query = (
        select(Household.dusun)
        .join(DtksProposal, DtksProposal.household_id == Household.id)
        .where(DtksProposal.office_id == office_id, Household.dusun.is_not(None))
        .distinct()
    )
    return sorted(db.session.scalars(query))


@dataclass(frozen=True)
class VisitOffer:
    """A recent field visit of a household with no open proposal: one button proposes."""

    visit: HouseholdVisit
    head: str

    @property
    def kind(self) -> str:
        return "penghapusan" if self.visit.outcome in ("meninggal", "pindah") else "baru"

    @property
    def outcome(self) -> str:
        return outcome_label(self.visit.outcome)


def visits_to_propose(office_id: int, full: bool) -> list[VisitOffer]:
    """Recent visits (someone met, or a death or move found) never linked to a proposal, of
    households without an open proposal: newest first, one per household."""
    since = clock.now() - dt.timedelta(days=VISIT_DAYS)
    linked = select(DtksProposal.visit_id).where(DtksProposal.visit_id.is_not(None))
    open_homes = (
        select(DtksProposal.household_id)
        .join(CaseFile, DtksProposal.file_id == CaseFile.id)
        .where(CaseFile.closed.is_(False))
    )
    query = (
        select(HouseholdVisit)
        .where(
            HouseholdVisit.office_id == office_id,
            HouseholdVisit.visited_at >= since,
            HouseholdVisit.outcome != NOBODY_MET,
            HouseholdVisit.id.not_in(linked),
            HouseholdVisit.household_id.not_in(open_homes),
        )
        .order_by(HouseholdVisit.visited_at.desc())
        .limit(LIST_LIMIT)
    )
    offers, seen = [], set()
    for visit in db.session.scalars(query):
        if visit.household_id not in seen:
            seen.add(visit.household_id)
            offers.append(VisitOffer(visit, head_name(visit.household, full)))
    return offers
