"""A file's papers: which requirements were received, are missing or not needed, as rows that
point at the catalogue's requirements by id. The one place that reads them, in any language."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import clock
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import (
    CaseFile,
    FileRequirement,
    Requirement,
    Service,
    Ticket,
    User,
    new_uuid,
)


class UnknownPaper(DomainError):
    code = "not_found"
    status = 404


class InvalidPaperState(DomainError):
    code = "invalid_state"
    status = 422


@dataclass(frozen=True)
class Papers:
    """A file's papers by state, as labels in the reader's language. `missing` is what is
    still missing by the one rule (`still_missing`): alternatives as one entry, never an
    optional paper."""

    received: list[str]
    missing: list[str]
    not_needed: list[str]


class PaperState(Protocol):
    """A paper and its state: a file's row, a choice at intake, or a kiosk tick."""

    requirement: Requirement | None
    legacy_label: str | None
    state: str


def papers(case: CaseFile, lang: str = "id") -> Papers:
    """The file's received / missing / not-needed papers in `lang` (Indonesian fallback).

    A relabelled requirement shows its new label; a retired one still shows."""
    by_state: dict[str, list[str]] = {state: [] for state in FileRequirement.STATES}
    for row in sorted(case.papers, key=_order):
        by_state[row.state].append(row.label(lang))
    missing = still_missing(case.papers, lang)
    return Papers(by_state["received"], missing, by_state["not_needed"])


def still_missing(rows: Iterable[PaperState], lang: str = "id") -> list[str]:
    """THE rule of what is still missing, for every screen and slip: a paper marked missing,
    unless it is optional; alternatives (`one_of`) as one entry, met when any one was
    received or when none is marked missing; "Salah satu dari: A, B" while more than one
    could still meet it. Papers with no state are not missing."""
    return [one_of_text([_label(row, lang) for row in entry]) for entry in missing_entries(rows)]


def missing_entries(rows: Iterable[PaperState]) -> list[list[PaperState]]:
    """The entries `still_missing` names, each as its rows marked missing (alternatives
    together), in catalogue order."""
    needed = [
        row
        for row in sorted(rows, key=_order)
        if row.requirement is None or not row.requirement.optional
    ]
    entries = []
    for entry in alternatives_together(needed, lambda row: row.requirement):
        if any(row.state == "received" for row in entry):
            continue
        missing = [row for row in entry if row.state == "missing"]
        if missing:
            entries.append(missing)
    return entries


def missing_requirement_ids(requirements: Iterable[Requirement], ticked: set[int]) -> set[int]:
    """Ids of the papers to bring that the kiosk's ticks leave missing, by the one rule."""
    rows = missing_entries(states_from_ticks(requirements, ticked))
    return {row.requirement.id for entry in rows for row in entry}


def alternatives_together(items: list, requirement_of=lambda item: item) -> list[list]:
    """`items` in their order as entries: a paper alone, or its alternatives (same `one_of`)
    together at the place of the first of them."""
    entries: list[list] = []
    groups: dict[str, list] = {}
    for item in items:
        requirement = requirement_of(item)
        group = requirement.one_of if requirement is not None else None
        if group is None:
            entries.append([item])
            continue
        if group not in groups:
            groups[group] = []
            entries.append(groups[group])
        groups[group].append(item)
    return entries


def one_of_text(labels: list[str]) -> str:
    """One paper's label, or "Salah satu dari: A, B" for alternatives."""
    if len(labels) == 1:
        return labels[0]
    return _("Salah satu dari: %(items)s", items=", ".join(labels))


def _label(row: PaperState, lang: str) -> str:
    if row.requirement is not None:
        return row.requirement.text("label", lang)
    return row.legacy_label or ""


def _order(row: PaperState) -> tuple:
    """Catalogue order first, then free-text papers in the order they were written."""
    row_id = getattr(row, "id", None) or 0
    if row.requirement is not None:
        return (0, row.requirement.position, row_id)
    return (1, 0, row_id)


def states_from_ticks(requirements: Iterable[Requirement], ticked: set[int] | None) -> list:
    """The papers to bring with a state each, from the kiosk's ticks (`ticked` ids), as the
    intake form pre-marks them: ticked → received; unticked → missing, except an optional or
    conditional paper (not needed) and an alternative of a ticked one (not needed). Without
    ticks (a ticket not made at the kiosk) nothing is known to be missing: required papers
    read received, the others not needed."""
    bring = [r for r in requirements if r.kind == "bring"]
    if ticked is None:
        return [
            PaperChoice(r, None, "not_needed" if r.optional or r.condition else "received")
            for r in bring
        ]
    met = {r.one_of for r in bring if r.one_of and r.id in ticked}
    return [PaperChoice(r, None, _tick_state(r, ticked, met)) for r in bring]


def _tick_state(requirement: Requirement, ticked: set[int], met: set[str]) -> str:
    if requirement.id in ticked:
        return "received"
    if requirement.optional or requirement.one_of in met:
        return "not_needed"
    if requirement.condition and not requirement.one_of:
        return "not_needed"
    return "missing"


def ticket_ticks(ticket: Ticket, service: Service | None = None) -> set[int] | None:
    """The ids the citizen ticked at the kiosk (the ticket keeps the unticked ones), or None
    for a ticket issued elsewhere, or read for another `service` (a transfer): nobody ticked."""
    if ticket.source != "kiosk" or (service is not None and service.id != ticket.service_id):
        return None
    unticked = set(ticket.missing_requirements or [])  # ids (labels before 0011)
    return {
        r.id
        for r in ticket.service.requirements
        if r.id not in unticked and r.text("label") not in unticked
    }


def ticket_missing(ticket: Ticket, lang: str = "id") -> list[str]:
    """What is still missing by the citizen's ticks at the kiosk, in `lang` (by the one rule;
    free text of tickets from before 0011 that names no requirement, as it was written)."""
    requirements = ticket.service.requirements
    labels = {r.text("label") for r in requirements}
    legacy = [
        str(item)
        for item in ticket.missing_requirements or []
        if not isinstance(item, int) and item not in labels
    ]
    ticks = ticket_ticks(ticket)
    if ticks is None:
        return legacy
    return still_missing(states_from_ticks(requirements, ticks), lang) + legacy


@dataclass(frozen=True)
class PaperChoice:
    """One paper named at intake: a catalogue requirement, or a free-text paper."""

    requirement: Requirement | None
    legacy_label: str | None
    state: str
    uuid: str | None = None  # client-made public id of the row, if the client sent one


def resolve_papers(
    service: Service | None, lists: dict[str, list], errors: dict, uuids: dict | None = None
) -> list[PaperChoice]:
    """Intake lists {state: [requirement id, code, or label]} → PaperChoice list.

    A requirement is named by id (the intake form), by code (the API), or by its label in any
    language; any other text is kept as a free-text paper the officer asked for. `uuids` maps
    an item as sent to the client-made UUID of its row."""
    requirements = list(service.all_requirements) if service else []
    uuids = _client_ids(uuids or {}, errors)
    choices, seen = [], {}
    for state, items in lists.items():
        for item in items:
            requirement = _match(requirements, item)
            if requirement is None and isinstance(item, int):
                errors[state] = _("Persyaratan tidak dikenal untuk layanan ini.")
                continue
            key = requirement.id if requirement else " ".join(str(item).split()).lower()
            if key in seen and seen[key] != state:
                errors["missing"] = _("Satu dokumen tidak bisa sekaligus diterima dan kurang.")
            if key in seen:
                continue
            seen[key] = state
            legacy = None if requirement else " ".join(str(item).split())[:200]
            choices.append(PaperChoice(requirement, legacy, state, uuids.get(str(item))))
    return choices


def _client_ids(uuids: dict, errors: dict) -> dict[str, str]:
    """Client-made row ids in canonical form; malformed or already used ones are an error."""
    clean = {}
    for item, value in uuids.items():
        try:
            clean[str(item)] = str(uuid.UUID(str(value)))
        except ValueError:
            errors["uuids"] = _("'%(name)s' harus berupa UUID.", name=f"uuids.{item}")
    taken = db.session.scalars(
        select(FileRequirement.uuid).where(FileRequirement.uuid.in_(list(clean.values())))
    ).first()
    if taken or len(set(clean.values())) < len(clean):
        errors["uuids"] = _("UUID dokumen ini sudah dipakai.")
    return clean


def _match(requirements: list[Requirement], item) -> Requirement | None:
    if isinstance(item, int):
        return next((r for r in requirements if r.id == item), None)
    text = " ".join(str(item).split()).lower()
    for requirement in sorted(requirements, key=lambda r: not r.active):
        labels = {v.lower() for v in (requirement.label or {}).values()}
        if text == requirement.code or text in labels:
            return requirement
    return None


def add_papers(case: CaseFile, choices: list[PaperChoice], user: User | None) -> None:
    """Give a new file its paper rows (the caller commits)."""
    now = clock.now()
    for choice in choices:
        case.papers.append(
            FileRequirement(
                uuid=choice.uuid or new_uuid(),
                requirement=choice.requirement,
                legacy_label=choice.legacy_label,
                state=choice.state,
                updated_at=now,
                updated_by_id=user.id if user else None,
            )
        )


def bring_in_missing(case: CaseFile, user: User | None) -> None:
    """The missing papers came in: each row's UPDATE is conditional on its version (the caller
    commits; a lost race is a StaleDataError there)."""
    now = clock.now()
    for row in case.papers:
        if row.state == "missing":
            row.state = "received"
            row.updated_at = now
            row.updated_by_id = user.id if user else None


def find_paper(case: CaseFile, paper_uuid: str) -> FileRequirement:
    """One paper row of the file by its public id, or UnknownPaper."""
    row = next((p for p in case.papers if p.uuid == paper_uuid), None)
    if row is None:
        raise UnknownPaper(_("Dokumen ini tidak ada pada berkas ini."))
    return row


def check_state(state: str | None) -> str:
    """A paper state, or InvalidPaperState."""
    if state not in FileRequirement.STATES:
        raise InvalidPaperState(_("Status dokumen harus: diterima, kurang, atau tidak perlu."))
    return state
