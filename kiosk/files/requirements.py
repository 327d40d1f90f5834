"""A file's papers: which requirements were received, are missing or not needed, as rows that
point at the catalogue's requirements by id. The one place that reads them, in any language."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

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
    """A file's papers by state, as labels in the reader's language."""

    received: list[str]
    missing: list[str]
    not_needed: list[str]


def papers(case: CaseFile, lang: str = "id") -> Papers:
    """The file's received / missing / not-needed papers in `lang` (Indonesian fallback).

    A relabelled requirement shows its new label; a retired one still shows."""
    by_state: dict[str, list[str]] = {state: [] for state in FileRequirement.STATES}
    for row in sorted(case.papers, key=_order):
        by_state[row.state].append(row.label(lang))
    return Papers(by_state["received"], by_state["missing"], by_state["not_needed"])


def _order(row: FileRequirement) -> tuple:
    """Catalogue order first, then free-text papers in the order they were written."""
    if row.requirement is not None:
        return (0, row.requirement.position, row.id or 0)
    return (1, 0, row.id or 0)


def ticket_missing(ticket: Ticket, lang: str = "id") -> list[str]:
    """What the citizen marked "not brought" at the kiosk, in `lang` (ids; text before 0011)."""
    by_id = {r.id: r for r in ticket.service.all_requirements}
    labels = []
    for item in ticket.missing_requirements or []:
        requirement = by_id.get(item) if isinstance(item, int) else None
        labels.append(requirement.text("label", lang) if requirement else str(item))
    return labels


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
