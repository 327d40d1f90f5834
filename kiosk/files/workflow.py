"""File workflows as versioned data: statuses, allowed moves, and the plain words for citizens.

workflows.yaml is the source; `sync_workflows()` (at init-db / catalogue load) stores each
workflow in the database, and writes a new version whenever its content changed. Versions are
never edited, so a file always finds the status it was given.

Which version a file reads: the newest version of its workflow when the file's status still
exists there (so a relabel shows at once, and the file moves on to new rules), otherwise the
version the file last followed (so a renamed or removed status never breaks an old file).
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import select, update

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import CaseFile, WorkflowStatus, WorkflowVersion, translated

DATA = Path(__file__).parent / "data" / "workflows.yaml"
# agency: someone else, unnamed (older versions); dukcapil, dinsos, bpjs name the office.
WAITING_ON = (None, "blanko", "agency", "dukcapil", "dinsos", "bpjs")
DEFAULT = "adminduk"
_NEWEST = "newest_workflows"  # db.session.info key


class WorkflowError(ValueError):
    """The workflow data file is inconsistent."""


@dataclass(frozen=True)
class Status:
    """One status of a workflow."""

    code: str
    label: dict
    next_step: dict
    next: tuple[str, ...]
    waiting_on: str | None = None
    pauses_due: bool = False
    needs_note: bool = False
    pickup: dict | None = None
    final: bool = False
    # Reachable only through its own step (e.g. "meeting", "visit"), never the status form.
    via: str | None = None

    def text(self, field: str, lang: str = "id") -> str:
        """The status's `field` (label, next_step, pickup) in `lang`, falling back to id."""
        return translated(getattr(self, field), lang)


@dataclass(frozen=True)
class Workflow:
    """A named set of statuses with a start and an 'incomplete' status (one stored version)."""

    code: str
    name: dict
    services: tuple[str, ...]
    start: str
    incomplete: str
    statuses: dict[str, Status]
    id: int | None = None
    version: int = 0

    def status(self, code: str) -> Status:
        """The status `code`; one this version lacks reads as its bare code with no moves
        (a file's page must always open)."""
        found = self.statuses.get(code)
        return found or Status(code=code, label={"id": code}, next_step={}, next=())

    def allows(self, current: str, target: str, via: str | None = None) -> bool:
        """Whether a file may move from `current` to `target`: a next status, and when the
        target is reached only through a step (`via`), only by that step."""
        if target not in self.statuses[current].next:
            return False
        return self.statuses[target].via == via if target in self.statuses else False

    def free_next(self, current: str) -> tuple[str, ...]:
        """The next statuses the plain status form may offer (none reached only via a step)."""
        return tuple(c for c in self.status(current).next if not self.status(c).via)


# --- the YAML source --------------------------------------------------------------------------


def read_workflows(path: Path = DATA) -> dict[str, dict]:
    """The workflows of the data file (code → YAML body), validated."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    seen: dict[str, str] = {}
    for code, body in raw.items():
        _validate(code, body)
        for service in body.get("services", ()):
            if service in seen:
                raise WorkflowError(f"service {service} is in both {seen[service]} and {code}")
            seen[service] = code
    return raw


def _validate(code: str, body: dict) -> None:
    statuses = body["statuses"]
    for name, spec in statuses.items():
        if spec.get("waiting_on") not in WAITING_ON:
            choices = ", ".join(str(w) for w in WAITING_ON[1:])
            raise WorkflowError(f"{code}.{name}: waiting_on must be one of {choices}")
        unknown = set(spec.get("next", ())) - set(statuses)
        if unknown:
            raise WorkflowError(f"{code}.{name}: unknown next status {sorted(unknown)}")
        if not spec.get("final") and not spec.get("next"):
            raise WorkflowError(f"{code}.{name}: a non-final status needs a next status")
        via = spec.get("via")
        if via is not None and not (isinstance(via, str) and via.isidentifier()):
            raise WorkflowError(f"{code}.{name}: via must be the name of a step")
    for key in ("start", "incomplete"):
        if body[key] not in statuses:
            raise WorkflowError(f"{code}: {key} status {body[key]} is not defined")


def read_workflow(code: str, path: Path = DATA) -> Workflow:
    """One workflow as the data file has it now (no database: e.g. for tests and tools)."""
    body = read_workflows(path)[code]
    statuses = {
        name: Status(
            code=name,
            label=spec["label"],
            next_step=spec["next_step"],
            next=tuple(spec.get("next", ())),
            waiting_on=spec.get("waiting_on"),
            pauses_due=bool(spec.get("pauses_due")),
            needs_note=bool(spec.get("needs_note")),
            pickup=spec.get("pickup"),
            final=bool(spec.get("final")),
            via=spec.get("via"),
        )
        for name, spec in body["statuses"].items()
    }
    return Workflow(
        code=code,
        name=body["name"],
        services=tuple(body.get("services", ())),
        start=body["start"],
        incomplete=body["incomplete"],
        statuses=statuses,
    )


def content_hash(body: dict) -> str:
    """SHA-256 of a workflow's YAML body in canonical JSON: equal content, equal hash."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def sync_workflows(path: Path = DATA) -> int:
    """Store a new version of every workflow whose content differs from its newest stored one;
    returns how many versions were written. Files without a version get their workflow's."""
    written = 0
    db.session.info.pop(_NEWEST, None)
    newest = _newest_rows()
    for code, body in read_workflows(path).items():
        digest = content_hash(body)
        current = newest.get(code)
        if current is not None and current.content_hash == digest:
            continue
        newest[code] = _store(code, body, digest, (current.version if current else 0) + 1)
        written += 1
    for code, row in newest.items():  # files from before 0011: a plain backfill
        db.session.execute(
            update(CaseFile.__table__)
            .where(
                CaseFile.__table__.c.workflow == code, CaseFile.__table__.c.workflow_id.is_(None)
            )
            .values(workflow_id=row.id)
        )
    db.session.commit()
    return written


def _store(code: str, body: dict, digest: str, version: int) -> WorkflowVersion:
    row = WorkflowVersion(
        code=code,
        version=version,
        name=body["name"],
        start=body["start"],
        incomplete=body["incomplete"],
        services=list(body.get("services", ())),
        content_hash=digest,
        created_at=clock.now(),
    )
    for position, (name, spec) in enumerate(body["statuses"].items()):
        row.statuses.append(
            WorkflowStatus(
                code=name,
                label=spec["label"],
                next_step=spec["next_step"],
                pickup=spec.get("pickup"),
                next=list(spec.get("next", ())),
                waiting_on=spec.get("waiting_on"),
                pauses_due=bool(spec.get("pauses_due")),
                needs_note=bool(spec.get("needs_note")),
                final=bool(spec.get("final")),
                via=spec.get("via"),
                position=position,
            )
        )
    db.session.add(row)
    db.session.flush()
    return row


# --- reading stored versions ------------------------------------------------------------------


def _newest_rows() -> dict[str, WorkflowVersion]:
    rows = db.session.scalars(
        select(WorkflowVersion).order_by(WorkflowVersion.code, WorkflowVersion.version)
    )
    return {row.code: row for row in rows}  # the last (highest) version of a code wins


def _built(row: WorkflowVersion) -> Workflow:
    return _build(row.id, row.version, row.content_hash)


@functools.lru_cache(maxsize=256)
def _build(workflow_id: int, version: int, digest: str) -> Workflow:
    """One stored version as a Workflow. Keyed by its content hash as well as its id: a version
    never changes, so the cache never goes stale (and another database's row 1 is another key)."""
    row = db.session.get(WorkflowVersion, workflow_id)
    statuses = {
        s.code: Status(
            code=s.code,
            label=s.label,
            next_step=s.next_step,
            next=tuple(s.next or ()),
            waiting_on=s.waiting_on,
            pauses_due=s.pauses_due,
            needs_note=s.needs_note,
            pickup=s.pickup,
            final=s.final,
            via=s.via,
        )
        for s in row.statuses
    }
    return Workflow(
        code=row.code,
        name=row.name,
        services=tuple(row.services or ()),
        start=row.start,
        incomplete=row.incomplete,
        statuses=statuses,
        id=row.id,
        version=row.version,
    )


def newest_workflows() -> dict[str, Workflow]:
    """The newest version of every workflow, by code (stored from the YAML on first use).

    Kept for the session (one request): a listing of many files asks once."""
    cached = db.session.info.get(_NEWEST)
    if cached is None:
        rows = _newest_rows()
        if not rows:
            sync_workflows()
            rows = _newest_rows()
        cached = db.session.info[_NEWEST] = {code: _built(row) for code, row in rows.items()}
    return cached


def workflow_for_service(service_code: str) -> Workflow:
    """The workflow (newest version) that new files of this service follow (adminduk when none
    names it)."""
    flows = newest_workflows()
    for flow in flows.values():
        if service_code in flow.services:
            return flow
    return flows[DEFAULT]


def newest_workflow(code: str) -> Workflow | None:
    """The newest stored version of workflow `code`, None when there is none."""
    return newest_workflows().get(code)


def workflow_version(workflow_id: int) -> Workflow:
    """One stored version by id."""
    return _built(db.session.get(WorkflowVersion, workflow_id))


def workflow_of(code: str, version_id: int | None, status: str) -> Workflow:
    """The version a file in `status` reads (see the module docstring)."""
    newest = newest_workflow(code)
    if newest is not None and status in newest.statuses:
        return newest
    if version_id is not None:
        return workflow_version(version_id)
    return _newest_having(code, status) or newest or newest_workflows()[DEFAULT]


def _newest_having(code: str, status: str) -> Workflow | None:
    """For a file with no version yet: the newest version of `code` that has `status`."""
    row = db.session.scalar(
        select(WorkflowVersion)
        .join(WorkflowStatus)
        .where(WorkflowVersion.code == code, WorkflowStatus.code == status)
        .order_by(WorkflowVersion.version.desc())
        .limit(1)
    )
    return _built(row) if row is not None else None


def status_label(code: str, status: str, lang: str = "id") -> str:
    """A status's label in the newest version of workflow `code` that has it (for history
    entries: a status renamed away keeps its old words); the code itself as a last resort."""
    rows = db.session.scalars(
        select(WorkflowStatus)
        .join(WorkflowVersion)
        .where(WorkflowVersion.code == code, WorkflowStatus.code == status)
        .order_by(WorkflowVersion.version.desc())
        .limit(1)
    ).all()
    return rows[0].text("label", lang) if rows else status


def status_codes(flag: str) -> set[str]:
    """Codes of statuses with `flag` (pauses_due, waiting_on) as files read them: in the newest
    versions, and in older versions for statuses the newest no longer has."""
    newest = newest_workflows()
    codes = {c for f in newest.values() for c, s in f.statuses.items() if getattr(s, flag)}
    older = db.session.execute(
        select(WorkflowStatus, WorkflowVersion.code)
        .join(WorkflowVersion)
        .where(WorkflowVersion.id.not_in([f.id for f in newest.values()]))
    )
    for status, workflow_code in older:
        flow = newest.get(workflow_code)
        if getattr(status, flag) and (flow is None or status.code not in flow.statuses):
            codes.add(status.code)
    return codes
