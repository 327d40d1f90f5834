"""Form definitions: the YAML files of this package, checked when loaded and kept per process.

A form file holds `id`, `record` (household | document_request | dtks_visit | complaint), `merge`
("fields": per-field merge of edits; "append": creates only) and `versions`, each a published
version (`version`, `title`, `fields`, optional `criteria_version`) that is never edited.

A field has `name`, `type`, `label`, optional `hint`, `required` and `show_if` (on an earlier
sibling: `{field, equals}`, `{field, in: [..]}` or `{field, filled: true}`), and per type:
text `min`/`max` (length), `pattern`; number `min`/`max`; date `min`/`max` ("YYYY-MM-DD" or
"today"); select and multiselect `options` [{value, label}], or `options_from` (services,
dtks_criteria), or `options_by` {field, map} / {field, from: requirements}, multiselect also
`min`/`max` (count); nik `matches` {birth_date: <sibling>, sex: <sibling>} (warnings when they
disagree with the NIK); photo `min`/`max`; group `fields`, `min`/`max`; ref `ref` (household |
member). kk, phone, gps and code have no extra keys. A malformed file raises
FormDefinitionError naming the file and the field.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kiosk.sync.forms.criteria import criteria_versions

FORMS_DIR = Path(__file__).parent
FORM_FILES = ("household.yaml", "document_request.yaml", "dtks_visit.yaml", "complaint.yaml")
RECORDS = ("household", "document_request", "dtks_visit", "complaint")
MERGE_MODES = ("fields", "append")
COMMON_KEYS = {"name", "type", "label", "hint", "required", "show_if"}
TYPE_KEYS = {
    "text": {"min", "max", "pattern"},
    "number": {"min", "max"},
    "date": {"min", "max"},
    "select": {"options", "options_from", "options_by"},
    "multiselect": {"options", "options_from", "options_by", "min", "max"},
    "nik": {"matches"},
    "kk": set(),
    "phone": set(),
    "photo": {"min", "max"},
    "gps": set(),
    "group": {"fields", "min", "max"},
    "ref": {"ref"},
    "code": set(),
}
COUNTED = ("text", "multiselect", "photo", "group")  # min/max are a length or a count
OPTION_SOURCES = ("services", "dtks_criteria")
OPTION_BY_SOURCES = ("requirements",)
REF_KINDS = ("household", "member")
NIK_MATCHES = {"birth_date": "date", "sex": "select"}
_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class FormDefinitionError(ValueError):
    """A form file is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class Form:
    """One published version of a form."""

    id: str
    version: int
    record: str
    title: str
    merge_mode: str
    fields: tuple[dict, ...]
    criteria_version: int | None = None


@functools.cache
def published_forms() -> tuple[Form, ...]:
    """Every published version of every form, checked (cached per process)."""
    forms: list[Form] = []
    for name in FORM_FILES:
        forms.extend(read_form_file(FORMS_DIR / name))
    return tuple(forms)


def find_form(form_id: str, version: int) -> Form | None:
    """A published version of a form, or None."""
    return _index().get((form_id, version))


@functools.cache
def _index() -> dict[tuple[str, int], Form]:
    return {(form.id, form.version): form for form in published_forms()}


def read_form_file(path: Path) -> list[Form]:
    """Parse and check one form file; raise FormDefinitionError naming what is wrong."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        return forms_of(document)
    except (FormDefinitionError, yaml.YAMLError) as error:
        raise FormDefinitionError(f"{path.name}: {error}") from None


def forms_of(document) -> list[Form]:
    """The published versions in one parsed form document, checked (FormDefinitionError)."""
    _require(isinstance(document, dict), "the file must be a mapping")
    _only_keys(document, {"id", "record", "merge", "versions"}, "top level")
    _require(isinstance(document.get("id"), str) and _NAME.fullmatch(document["id"]), "bad 'id'")
    _require(document.get("record") in RECORDS, f"'record' must be one of {RECORDS}")
    _require(document.get("merge") in MERGE_MODES, f"'merge' must be one of {MERGE_MODES}")
    versions = document.get("versions")
    _require(isinstance(versions, list) and versions, "'versions' must be a non-empty list")
    forms, seen = [], set()
    for index, entry in enumerate(versions):
        form = _version(document, entry, f"versions[{index}]")
        _require(form.version not in seen, f"versions[{index}]: version {form.version} twice")
        seen.add(form.version)
        forms.append(form)
    return forms


def _version(document: dict, entry, where: str) -> Form:
    _require(isinstance(entry, dict), f"{where} must be a mapping")
    _only_keys(entry, {"version", "title", "fields", "criteria_version"}, where)
    version = entry.get("version")
    _require(_is_int(version) and version >= 1, f"{where}: 'version' must be an integer >= 1")
    _require(_text(entry.get("title")), f"{where}: 'title' is required")
    criteria = entry.get("criteria_version")
    if criteria is not None:
        _require(criteria in criteria_versions(), f"{where}: unknown criteria_version {criteria}")
    fields = _fields(entry.get("fields"), f"{where}.fields")
    if any(_uses_source(field, "dtks_criteria") for field in fields):
        _require(criteria is not None, f"{where}: dtks_criteria options need 'criteria_version'")
    return Form(
        id=document["id"],
        version=version,
        record=document["record"],
        title=entry["title"],
        merge_mode=document["merge"],
        fields=tuple(fields),
        criteria_version=criteria,
    )


def _fields(fields, where: str, *, in_group: bool = False) -> list[dict]:
    _require(isinstance(fields, list) and fields, f"{where} must be a non-empty list")
    seen: dict[str, dict] = {}
    for index, field in enumerate(fields):
        _require(isinstance(field, dict), f"{where}[{index}] must be a mapping")
        name = field.get("name")
        here = f"{where}[{index}] ({name})"
        _require(isinstance(name, str) and _NAME.fullmatch(name), f"{here}: bad 'name'")
        _require(name not in seen, f"{here}: name used twice")
        _require(not (in_group and name == "id"), f"{here}: 'id' is the item's own id")
        _field(field, here, seen, in_group)
        seen[name] = field
    for index, field in enumerate(fields):
        if "matches" in field:
            _matches(field, f"{where}[{index}] ({field['name']})", seen)
    return fields


def _field(field: dict, where: str, siblings: dict[str, dict], in_group: bool) -> None:
    kind = field.get("type")
    _require(kind in TYPE_KEYS, f"{where}: unknown type {kind!r}")
    _only_keys(field, COMMON_KEYS | TYPE_KEYS[kind], where)
    _require(_text(field.get("label")), f"{where}: 'label' is required")
    _require(field.get("hint") is None or _text(field["hint"]), f"{where}: bad 'hint'")
    _require(isinstance(field.get("required", False), bool), f"{where}: 'required' is a bool")
    if "show_if" in field:
        _show_if(field["show_if"], where, siblings)
    _bounds(field, kind, where)
    if kind in ("select", "multiselect"):
        _options(field, where, siblings)
    elif kind == "text" and "pattern" in field:
        _pattern(field["pattern"], where)
    elif kind == "group":
        _require(not in_group, f"{where}: a group cannot hold a group")
        _fields(field.get("fields"), f"{where}.fields", in_group=True)
    elif kind == "ref":
        _require(field.get("ref") in REF_KINDS, f"{where}: 'ref' must be one of {REF_KINDS}")


def _show_if(condition, where: str, siblings: dict[str, dict]) -> None:
    _require(isinstance(condition, dict), f"{where}: 'show_if' must be a mapping")
    _require(condition.get("field") in siblings, f"{where}: show_if names no earlier sibling")
    tests = set(condition) - {"field"}
    _require(len(tests) == 1 and tests <= {"equals", "in", "filled"}, f"{where}: bad show_if")
    # Compared with text only, so Python and JavaScript agree on what is equal.
    if "equals" in condition:
        _require(_text(condition["equals"]), f"{where}: show_if.equals must be text")
    if "in" in condition:
        values = condition["in"]
        _require(isinstance(values, list) and values, f"{where}: bad show_if.in")
        _require(all(map(_text, values)), f"{where}: show_if.in must list text")
    if "filled" in condition:
        _require(condition["filled"] is True, f"{where}: show_if.filled must be true")


def _bounds(field: dict, kind: str, where: str) -> None:
    low, high = field.get("min"), field.get("max")
    if kind in COUNTED:
        for value in (low, high):
            _require(value is None or (_is_int(value) and value >= 0), f"{where}: bad min/max")
    elif kind == "number":
        for value in (low, high):
            _require(value is None or _is_number(value), f"{where}: bad min/max")
    elif kind == "date":
        for value in (low, high):
            _require(value is None or _date_bound(value), f"{where}: bad min/max date")
        low, high = (None, None)  # "today" cannot be ordered here
    if low is not None and high is not None:
        _require(low <= high, f"{where}: min is above max")
    if kind in ("multiselect", "photo", "group") and (low or 0) >= 1:
        _require(field.get("required") is True, f"{where}: min >= 1 needs required: true")


def _options(field: dict, where: str, siblings: dict[str, dict]) -> None:
    sources = [key for key in ("options", "options_from", "options_by") if key in field]
    _require(len(sources) == 1, f"{where}: give exactly one of options/options_from/options_by")
    if "options" in field:
        _option_list(field["options"], where)
    elif "options_from" in field:
        _require(field["options_from"] in OPTION_SOURCES, f"{where}: unknown options_from")
    else:
        by = field["options_by"]
        _require(isinstance(by, dict), f"{where}: 'options_by' must be a mapping")
        _require(by.get("field") in siblings, f"{where}: options_by names no earlier sibling")
        _require(siblings[by["field"]]["type"] == "select", f"{where}: options_by needs a select")
        if "from" in by:
            _only_keys(by, {"field", "from"}, f"{where}.options_by")
            _require(by["from"] in OPTION_BY_SOURCES, f"{where}: unknown options_by.from")
        else:
            _only_keys(by, {"field", "map"}, f"{where}.options_by")
            _require(isinstance(by.get("map"), dict), f"{where}: options_by.map is required")
            for key, options in by["map"].items():
                _option_list(options, f"{where}.options_by.map[{key}]")


def _option_list(options, where: str) -> None:
    _require(isinstance(options, list) and options, f"{where}: options must be a non-empty list")
    values = set()
    for option in options:
        _require(isinstance(option, dict), f"{where}: an option must be a mapping")
        _only_keys(option, {"value", "label"}, f"{where} option")
        _require(_text(option.get("value")) and _text(option.get("label")), f"{where}: bad option")
        _require(option["value"] not in values, f"{where}: option {option['value']!r} twice")
        values.add(option["value"])


def _pattern(pattern, where: str) -> None:
    _require(isinstance(pattern, str), f"{where}: 'pattern' must be text")
    # Anchored and plain, so Python's re and JavaScript's RegExp read it the same way.
    _require(pattern.startswith("^") and pattern.endswith("$"), f"{where}: anchor the pattern")
    try:
        re.compile(pattern)
    except re.error as error:
        raise FormDefinitionError(f"{where}: bad pattern ({error})") from None


def _matches(field: dict, where: str, siblings: dict[str, dict]) -> None:
    """A NIK is compared with sibling fields (any order: the NIK usually comes first)."""
    matches = field["matches"]
    _require(
        isinstance(matches, dict) and set(matches) <= set(NIK_MATCHES), f"{where}: bad matches"
    )
    for key, name in matches.items():
        sibling = siblings.get(name) or {}
        _require(
            sibling.get("type") == NIK_MATCHES[key],
            f"{where}: matches.{key} names no {NIK_MATCHES[key]} sibling",
        )


def _uses_source(field: dict, source: str) -> bool:
    if field.get("options_from") == source:
        return True
    return any(_uses_source(sub, source) for sub in field.get("fields") or ())


def _date_bound(value) -> bool:
    if value == "today":
        return True
    if not (isinstance(value, str) and _DATE.fullmatch(value)):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _only_keys(mapping: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(mapping) - allowed)
    _require(not unknown, f"{where}: unknown key(s) {', '.join(map(str, unknown))}")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _require(condition, message: str) -> None:
    if not condition:
        raise FormDefinitionError(message)
