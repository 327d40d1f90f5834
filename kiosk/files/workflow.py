"""File workflows as data: statuses, allowed moves, and the plain words shown to citizens."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "workflows.yaml"
WAITING_ON = (None, "blanko", "agency")


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

    def text(self, field: str, lang: str = "id") -> str:
        """The status's `field` (label, next_step, pickup) in `lang`, falling back to id."""
        value = getattr(self, field) or {}
        return value.get(lang) or value.get("id") or ""


@dataclass(frozen=True)
class Workflow:
    """A named set of statuses with a start and an 'incomplete' status."""

    code: str
    name: dict
    services: tuple[str, ...]
    start: str
    incomplete: str
    statuses: dict[str, Status]

    def status(self, code: str) -> Status:
        return self.statuses[code]

    def allows(self, current: str, target: str) -> bool:
        """Whether staff may move a file from `current` to `target`."""
        return target in self.statuses[current].next


@functools.cache
def workflows(path: Path = DATA) -> dict[str, Workflow]:
    """All workflows from the data file, validated (cached)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = {code: _workflow(code, body) for code, body in raw.items()}
    seen: dict[str, str] = {}
    for flow in result.values():
        for service in flow.services:
            if service in seen:
                raise WorkflowError(f"service {service} is in both {seen[service]} and {flow.code}")
            seen[service] = flow.code
    return result


def workflow_for_service(service_code: str) -> Workflow:
    """The workflow that files of this service follow (adminduk when none names it)."""
    flows = workflows()
    for flow in flows.values():
        if service_code in flow.services:
            return flow
    return flows["adminduk"]


def _workflow(code: str, body: dict) -> Workflow:
    statuses = {}
    for name, spec in body["statuses"].items():
        if spec.get("waiting_on") not in WAITING_ON:
            raise WorkflowError(f"{code}.{name}: waiting_on must be blanko or agency")
        statuses[name] = Status(
            code=name,
            label=spec["label"],
            next_step=spec["next_step"],
            next=tuple(spec.get("next", ())),
            waiting_on=spec.get("waiting_on"),
            pauses_due=bool(spec.get("pauses_due")),
            needs_note=bool(spec.get("needs_note")),
            pickup=spec.get("pickup"),
            final=bool(spec.get("final")),
        )
    for status in statuses.values():
        unknown = set(status.next) - set(statuses)
        if unknown:
            raise WorkflowError(f"{code}.{status.code}: unknown next status {sorted(unknown)}")
        if not status.final and not status.next:
            raise WorkflowError(f"{code}.{status.code}: a non-final status needs a next status")
    for key in ("start", "incomplete"):
        if body[key] not in statuses:
            raise WorkflowError(f"{code}: {key} status {body[key]} is not defined")
    return Workflow(
        code=code,
        name=body["name"],
        services=tuple(body.get("services", ())),
        start=body["start"],
        incomplete=body["incomplete"],
        statuses=statuses,
    )
