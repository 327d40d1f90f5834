"""Field values as staff read them: the form's label for a field name, a value as one line."""

from __future__ import annotations

from functools import lru_cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk.files.privacy import mask_number

EMPTY = "—"
NAMED_KEYS = ("name", "label", "value")
# Identity numbers: shown whole only to staff who may read personal data in full.
MASKED_FIELDS = frozenset({"nik", "kk_number"})


# What the sync package's record flags mean, for staff.
FLAG_LABELS = {
    "conflict": _l("isian bentrok"),
    "quarantined": _l("karantina"),
    "nik_warning": _l("NIK perlu dicek"),
    "nik_exists": _l("NIK sudah tercatat"),
    "kk_exists": _l("No. KK sudah tercatat"),
    "code_taken": _l("kode lacak sudah dipakai"),
    "service_unknown": _l("layanan tidak dikenal"),
    "household_missing": _l("menunggu data keluarga"),
}


def flag_label(code: str) -> str:
    """A record flag in words (the code itself when new)."""
    return str(FLAG_LABELS.get(code, code))


def _form(form_id: str, version: int):
    """A published form definition, None when unknown (forms are data: kiosk.sync.forms)."""
    try:
        from kiosk.sync.forms import find_form
    except ImportError:
        return None
    return find_form(form_id, version)


@lru_cache(maxsize=64)
def form_title(form_id: str, version: int) -> str:
    """The form's title ("Pendaftaran keluarga"), else its id."""
    return str(getattr(_form(form_id, version), "title", None) or form_id)


@lru_cache(maxsize=256)
def field_label(form_id: str, version: int, name: str) -> str:
    """The label the form gave field `name` (the name itself when the form is unknown)."""
    for field in getattr(_form(form_id, version), "fields", None) or []:
        if _get(field, "name") == name:
            return str(_get(field, "label") or name)
    return name


def shown_field(name: str, value: object, full: bool) -> str:
    """A field's value in one line, its NIK or KK number masked unless `full`."""
    if name in MASKED_FIELDS and isinstance(value, str) and not full:
        return mask_number(value)
    return shown(value)


def shown(value: object) -> str:
    """A value in one line: lists joined, a group's items by name, a location as lat, lon."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, dict):
        if "lat" in value and "lon" in value:
            return f"{value['lat']}, {value['lon']}"
        return ", ".join(f"{key}: {shown(item)}" for key, item in value.items() if key != "id")
    if isinstance(value, list):
        return "; ".join(_item(item) for item in value)
    return str(value)


def _item(item: object) -> str:
    if isinstance(item, dict):
        for key in NAMED_KEYS:
            if item.get(key):
                return str(item[key])
    if isinstance(item, str) and len(item) == 64:  # a photo's SHA-256: its start is enough
        return item[:12] + "…"
    return shown(item)


def _get(field: object, key: str):
    return field.get(key) if isinstance(field, dict) else getattr(field, key, None)
