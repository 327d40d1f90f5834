"""A meeting's list as the room reads it: one row per proposal, with the household (KK masked)
and its verification visit (outcome, criteria met, photos)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, select

from kiosk.extensions import db
from kiosk.fieldoffice.dtks import criteria_labels, criteria_total, outcome_label
from kiosk.fieldoffice.photos import held
from kiosk.files.privacy import mask_number
from kiosk.models import DtksProposal, Household, HouseholdVisit, MeetingItem, Person
from kiosk.people.service import HEAD
from kiosk.welfare.dtks.service import area_order

KIND_LABELS = {
    "baru": _l("Usulan baru"),
    "perubahan": _l("Perubahan data"),
    "penghapusan": _l("Penghapusan"),
}
REMOVAL_LABELS = {"meninggal": _l("meninggal"), "pindah": _l("pindah")}
DECISION_LABELS = {"setuju": _l("Setuju"), "tidak_setuju": _l("Tidak setuju")}
PRINT_PHOTOS = 2


@dataclass(frozen=True)
class ListRow:
    """One proposal on the list (or a candidate for it)."""

    proposal: DtksProposal
    item: MeetingItem | None
    head_name: str
    visit: HouseholdVisit | None
    photos: tuple[str, ...]

    @property
    def home(self) -> Household:
        return self.proposal.household

    @property
    def kk_masked(self) -> str:
        return mask_number(self.home.kk_number) or "—"

    @property
    def members(self) -> int:
        return len(self.home.members)

    @property
    def kind_label(self) -> str:
        words = str(KIND_LABELS.get(self.proposal.kind, self.proposal.kind))
        removal = REMOVAL_LABELS.get(self.proposal.removal_reason or "")
        return f"{words} ({removal})" if removal else words

    @property
    def outcome(self) -> str:
        return outcome_label(self.visit.outcome) if self.visit else "—"

    @property
    def met(self) -> int:
        return len(self.visit.criteria_met or []) if self.visit else 0

    @property
    def total(self) -> int:
        return criteria_total(self.visit.criteria_version) if self.visit else 0

    @property
    def met_labels(self) -> list[str]:
        if not self.visit:
            return []
        labels = criteria_labels(self.visit.criteria_version)
        return [labels.get(code, code) for code in self.visit.criteria_met or []]

    @property
    def met_numbers(self) -> str:
        """The criteria met as their numbers in the version's list ('1, 4, 9'), for print."""
        if not self.visit:
            return ""
        codes = list(criteria_labels(self.visit.criteria_version))
        return ", ".join(
            str(codes.index(code) + 1) if code in codes else code
            for code in self.visit.criteria_met or []
        )

    @property
    def decision_label(self) -> str:
        decision = self.item.decision if self.item else None
        return str(DECISION_LABELS[decision]) if decision else ""


def criteria_legend(rows: list[ListRow]) -> list[tuple[int, list[str]]]:
    """(version, its criteria labels in order) for every criteria version the rows' visits used."""
    versions = sorted({row.visit.criteria_version for row in rows if row.visit})
    return [(version, list(criteria_labels(version).values())) for version in versions]


def _head_names(household_ids: list[int]) -> dict[int, str]:
    """Each household's head as the KK lists it, else its first member (kiosk.people.head_of,
    in one query for the whole list)."""
    rows = db.session.execute(
        select(Person.household_id, Person.name)
        .where(Person.household_id.in_(household_ids))
        .order_by(case((Person.relation == HEAD, 0), else_=1), Person.id)
    )
    names: dict[int, str] = {}
    for household_id, name in rows:
        names.setdefault(household_id, name)
    return names


def _latest_visits(household_ids: list[int]) -> dict[int, HouseholdVisit]:
    visits = db.session.scalars(
        select(HouseholdVisit)
        .where(HouseholdVisit.household_id.in_(household_ids))
        .order_by(HouseholdVisit.visited_at)
    )
    return {visit.household_id: visit for visit in visits}  # the newest wins


def rows_for(proposals: list, items: dict[int, MeetingItem] | None = None) -> list[ListRow]:
    """Rows for proposals, ordered by dusun, RT and head's name (the order the room reads)."""
    items = items or {}
    ids = [proposal.household_id for proposal in proposals]
    heads, latest = _head_names(ids), _latest_visits(ids)
    rows = []
    for proposal in proposals:
        visit = proposal.visit or latest.get(proposal.household_id)
        rows.append(
            ListRow(
                proposal=proposal,
                item=items.get(proposal.id),
                head_name=heads.get(proposal.household_id, ""),
                visit=visit,
                photos=tuple(held(list(visit.photos or []))) if visit else (),
            )
        )
    rows.sort(key=lambda row: area_order(row.proposal))
    return rows


def meeting_rows(meeting) -> list[ListRow]:
    """The rows of a meeting's list with their decisions."""
    items = {item.proposal_id: item for item in meeting.items}
    return rows_for([item.proposal for item in meeting.items], items)
