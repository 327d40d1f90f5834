"""DTKS household visits for the welfare desk, grouped by dusun and RT.

Each visit keeps the criteria version it was recorded with, so "n of N" is counted against
that version's list, not today's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Household, HouseholdVisit, Person
from kiosk.offices.service import office_filter
from kiosk.sync.forms.criteria import criteria_versions

LIST_LIMIT = 1000
# The size of the DTKS criteria list (domain.md §6) for a version the data file lacks.
DEFAULT_CRITERIA = 14
OUTCOME_LABELS = {
    "ditemui": _l("Ditemui"),
    "tidak_ditemui": _l("Tidak ditemui"),
    "pindah": _l("Pindah"),
    "meninggal": _l("Meninggal"),
}
OUTCOMES = tuple(OUTCOME_LABELS)


def outcome_label(code: str | None) -> str:
    """A visit's outcome in words."""
    return str(OUTCOME_LABELS.get(code or "", code or "—"))


def criteria_labels(version: int) -> dict[str, str]:
    """{code: label} of version `version` of the DTKS criteria (the forms' data)."""
    return {c["code"]: c["label"] for c in criteria_versions().get(version, ())}


def criteria_total(version: int) -> int:
    """How many criteria version `version` of the DTKS list has."""
    return len(criteria_labels(version)) or DEFAULT_CRITERIA


@dataclass(frozen=True)
class VisitRow:
    """One visit as the list shows it."""

    visit: HouseholdVisit
    head_name: str

    @property
    def met(self) -> int:
        return len(self.visit.criteria_met or [])

    @property
    def total(self) -> int:
        return criteria_total(self.visit.criteria_version)

    @property
    def met_labels(self) -> str:
        """The criteria met, in words, for a tooltip."""
        labels = criteria_labels(self.visit.criteria_version)
        return "; ".join(labels.get(code, code) for code in self.visit.criteria_met or [])


@dataclass
class Area:
    """The visits of one dusun and RT."""

    dusun: str
    rt: str
    visits: list[VisitRow] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.visits if row.visit.outcome == outcome)


def visits_by_area(start: dt.datetime, end: dt.datetime, dusun: str | None = None) -> list[Area]:
    """Visits from `start` (included) to `end` (excluded), newest first within each area."""
    query = (
        select(HouseholdVisit, Household, Person.name)
        .join(Household, HouseholdVisit.household_id == Household.id)
        .outerjoin(
            Person,
            (Person.household_id == Household.id) & (Person.relation == "kepala_keluarga"),
        )
        .where(
            HouseholdVisit.visited_at >= start,
            HouseholdVisit.visited_at < end,
            *office_filter(HouseholdVisit),
        )
        .order_by(Household.dusun, Household.rt, HouseholdVisit.visited_at.desc())
        .limit(LIST_LIMIT)
    )
    if dusun:
        query = query.where(Household.dusun == dusun)
    areas: dict[tuple[str, str], Area] = {}
    seen: set[int] = set()
    for visit, home, head in db.session.execute(query):
        if visit.id in seen:  # two heads recorded: one row per visit
            continue
        seen.add(visit.id)
        key = (home.dusun or "—", home.rt or "—")
        areas.setdefault(key, Area(*key)).visits.append(VisitRow(visit, head or ""))
    return list(areas.values())
