"""Whom a service's files are about (services.yaml `subject`): the applicant, another person
(the baby of an akta kelahiran) or the applicant's household (KIS, DTKS)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from kiosk.catalogue.loader import read_services


@dataclass(frozen=True)
class Subject:
    """A service's subject kind, who that is in words, and their usual relation."""

    kind: str = "self"  # self | person | household
    who_id: str | None = None
    who_en: str | None = None
    relation: str | None = None


@functools.cache
def _subjects() -> dict[str, Subject]:
    subjects = {}
    for service in read_services()["services"]:
        who = service.get("subject_who") or {}
        subjects[service["code"]] = Subject(
            kind=service.get("subject", "self"),
            who_id=who.get("id"),
            who_en=who.get("en"),
            relation=service.get("subject_relation"),
        )
    return subjects


def subject_of(service_code: str) -> Subject:
    """The subject of a service's files (a service not in the file: the applicant)."""
    return _subjects().get(service_code, Subject())
