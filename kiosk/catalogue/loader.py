"""Read and validate the shipped catalogue files (services.yaml, holidays.yaml)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from kiosk.models import Person

DATA_DIR = Path(__file__).parent / "data"
ICON_DIR = Path(__file__).parent.parent / "static" / "icons"
_CODE = re.compile(r"^[a-z0-9-]{1,40}$")
_KINDS = ("bring", "made", "captured")
SUBJECTS = ("self", "person", "household")
# Texts whose earlier shipped wording a load may replace (`superseded`), per entry type.
SUPERSEDABLE = {
    "service": ("name", "summary", "notice", "time_note"),
    "group": ("name", "hint"),
}
# The words a `village_need: true` photocopy carries on the kiosk and the slip (as its condition).
VILLAGE_NEED = {
    "id": "untuk arsip desa; bisa difotokopi di kantor desa",
    "en": "for the village's own archive; can be copied at the village office",
}


class CatalogueError(ValueError):
    """The catalogue file is malformed; the message names the entry and the field."""


def read_services(path: Path = DATA_DIR / "services.yaml") -> dict[str, Any]:
    """Parse and validate services.yaml; returns the document with references checked."""
    document = _read_yaml(path)
    _mapping(document, path.name)
    for key in ("legal_notes", "offices", "groups", "services"):
        if key not in document:
            raise CatalogueError(f"{path.name}: missing top-level '{key}'")
    for key, text in document["legal_notes"].items():
        _texts(text, f"legal_notes.{key}")
    for key, text in document["offices"].items():
        _texts(text, f"offices.{key}")
    group_codes = set()
    for index, group in enumerate(document["groups"]):
        where = f"groups[{index}]"
        _mapping(group, where)
        _code(group.get("code"), where)
        _icon(group.get("icon"), where)
        _texts(group.get("name"), f"{where}.name")
        _texts(group.get("hint"), f"{where}.hint", optional=True)
        _superseded(group, where, "group")
        group_codes.add(group["code"])
    seen_codes, seen_prefixes = set(), set()
    for index, service in enumerate(document["services"]):
        _mapping(service, f"services[{index}]")
        where = f"services[{index}] ({service.get('code')})"
        _validate_service(service, where, document, group_codes)
        if service["code"] in seen_codes or service["prefix"] in seen_prefixes:
            raise CatalogueError(f"{where}: code or prefix used twice")
        seen_codes.add(service["code"])
        seen_prefixes.add(service["prefix"])
    return document


def _validate_service(service: dict, where: str, document: dict, group_codes: set) -> None:
    _code(service.get("code"), where)
    if service.get("group") not in group_codes:
        raise CatalogueError(f"{where}: group '{service.get('group')}' is not defined")
    prefix = service.get("prefix")
    if not (isinstance(prefix, str) and re.fullmatch(r"[A-HJ-NP-Z]", prefix)):
        raise CatalogueError(f"{where}: prefix must be one capital letter other than I and O")
    _icon(service.get("icon"), where)
    _texts(service.get("name"), f"{where}.name")
    for key in ("summary", "notice", "time_note"):
        _texts(service.get(key), f"{where}.{key}", optional=True)
    if not isinstance(service.get("fee", 0), int) or service.get("fee", 0) < 0:
        raise CatalogueError(f"{where}: fee must be a whole number of rupiah, 0 for GRATIS")
    note = service.get("fee_note")
    if note is not None and note not in document["legal_notes"]:
        raise CatalogueError(f"{where}: fee_note '{note}' is not in legal_notes")
    days = service.get("time_standard_days")
    if days is not None and (not isinstance(days, int) or days < 0):
        raise CatalogueError(f"{where}: time_standard_days must be a whole number or null")
    if service.get("done_at") not in document["offices"]:
        raise CatalogueError(f"{where}: done_at '{service.get('done_at')}' is not in offices")
    quota = service.get("daily_quota")
    if quota is not None and (not isinstance(quota, int) or quota < 1):
        raise CatalogueError(f"{where}: daily_quota must be a positive whole number or null")
    _validate_subject(service, where)
    _superseded(service, where, "service")
    if not isinstance(service.get("retired", False), bool):
        raise CatalogueError(f"{where}: retired must be true or false")
    requirements = service.get("requirements") or []
    if not requirements:
        raise CatalogueError(f"{where}: needs at least one requirement")
    requirement_codes = set()
    for position, requirement in enumerate(requirements):
        spot = f"{where}.requirements[{position}]"
        _mapping(requirement, spot)
        _code(requirement.get("code"), spot)
        if requirement["code"] in requirement_codes:
            raise CatalogueError(f"{spot}: requirement code '{requirement['code']}' used twice")
        requirement_codes.add(requirement["code"])
        if requirement.get("kind") not in _KINDS:
            raise CatalogueError(f"{spot}: kind must be one of {', '.join(_KINDS)}")
        _icon(requirement.get("icon"), spot)
        _texts(requirement.get("label"), f"{spot}.label")
        _texts(requirement.get("why"), f"{spot}.why")
        _texts(requirement.get("condition"), f"{spot}.condition", optional=True)
        _village_need(requirement, spot)
    _validate_alternatives(requirements, where)


def _village_need(requirement: dict, spot: str) -> None:
    """`village_need: true`: a paper to bring whose condition is the fixed VILLAGE_NEED words."""
    need = requirement.get("village_need", False)
    if not isinstance(need, bool):
        raise CatalogueError(f"{spot}: village_need must be true or false")
    if need and (requirement["kind"] != "bring" or requirement.get("condition")):
        raise CatalogueError(f"{spot}: village_need is for a paper to bring, without a condition")


def _superseded(entry: dict, where: str, kind: str) -> None:
    """`superseded: {field: [earlier texts or null]}` names only fields a load may correct."""
    earlier = entry.get("superseded")
    if earlier is None:
        return
    _mapping(earlier, f"{where}.superseded")
    for field, texts in earlier.items():
        if field not in SUPERSEDABLE[kind] or not isinstance(texts, list):
            fields = ", ".join(SUPERSEDABLE[kind])
            raise CatalogueError(f"{where}.superseded: a list of earlier texts for {fields}")
        for text in texts:
            _texts(text, f"{where}.superseded.{field}", optional=True)


def _validate_alternatives(requirements: list[dict], where: str) -> None:
    """`one_of: <code>` joins papers the citizen brings into a group any one of which is
    enough; each member is a paper to bring, and not optional (the group is what is needed)."""
    for position, requirement in enumerate(requirements):
        group = requirement.get("one_of")
        if group is None:
            continue
        spot = f"{where}.requirements[{position}].one_of"
        _code(group, spot)
        if requirement["kind"] != "bring" or requirement.get("optional"):
            raise CatalogueError(f"{spot}: alternatives must be papers to bring, not optional")


def _validate_subject(service: dict, where: str) -> None:
    """Whom the service's files are about: self, another person, or the household."""
    subject = service.get("subject", "self")
    if subject not in SUBJECTS:
        raise CatalogueError(f"{where}: subject must be one of {', '.join(SUBJECTS)}")
    if subject != "person" and ("subject_who" in service or "subject_relation" in service):
        raise CatalogueError(f"{where}: subject_who/subject_relation need subject: person")
    _texts(service.get("subject_who"), f"{where}.subject_who", optional=True)
    relation = service.get("subject_relation")
    if relation is not None and relation not in Person.RELATIONS:
        choices = ", ".join(Person.RELATIONS)
        raise CatalogueError(f"{where}: subject_relation must be one of {choices}")


def read_holidays(path: Path = DATA_DIR / "holidays.yaml") -> list[dict[str, Any]]:
    """Parse holidays.yaml into [{date, name: {id, en}, kind}], dates as date objects."""
    document = _read_yaml(path)
    entries = document.get("holidays", document) if isinstance(document, dict) else document
    if not isinstance(entries, list):
        raise CatalogueError(f"{path.name}: expected a list of holidays")
    holidays = []
    for index, entry in enumerate(entries):
        where = f"{path.name}[{index}]"
        _mapping(entry, where)
        day = entry.get("date")
        if isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day)
            except ValueError as error:
                raise CatalogueError(f"{where}: date '{day}' is not YYYY-MM-DD") from error
        if not isinstance(day, dt.date):
            raise CatalogueError(f"{where}: date is missing")
        _texts(entry.get("name"), f"{where}.name")
        holidays.append({"date": day, "name": entry["name"], "kind": entry.get("kind", "libur")})
    return holidays


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, ValueError) as error:  # ValueError: e.g. date 2026-13-01
        raise CatalogueError(f"cannot read {path}: {error}") from error


def _mapping(value: Any, where: str) -> None:
    if not isinstance(value, dict):
        raise CatalogueError(f"{where}: expected 'key: value' entries, got {value!r:.60}")


def _code(value: Any, where: str) -> None:
    if not (isinstance(value, str) and _CODE.match(value)):
        raise CatalogueError(f"{where}: code must be lower-case letters, digits and dashes")


def _icon(value: Any, where: str) -> None:
    if not (isinstance(value, str) and (ICON_DIR / f"{value}.svg").is_file()):
        raise CatalogueError(f"{where}: icon '{value}' has no file in kiosk/static/icons")


_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def _texts(value: Any, where: str, optional: bool = False) -> None:
    """A {language: text} mapping: Indonesian and English required, any other language allowed."""
    if value is None and optional:
        return
    if not (isinstance(value, dict) and isinstance(value.get("id"), str) and value["id"].strip()):
        raise CatalogueError(f"{where}: needs an Indonesian text under 'id' (and 'en')")
    if not isinstance(value.get("en"), str):
        raise CatalogueError(f"{where}: needs an English text under 'en'")
    for language, text in value.items():
        if not (isinstance(language, str) and _LANGUAGE.match(language) and isinstance(text, str)):
            raise CatalogueError(f"{where}: '{language}' is not a language code with a text")
