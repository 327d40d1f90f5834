"""Validate a record's fields against a form: the server's half of "one definition drives the
tablet's screens and the server's validation" (field_pwa/js/validate.js is the tablet's half).

Paths name what is wrong: "address", "members.2.nik" (items counted from 0), "fields" for the
object itself and for names the form does not know ("members.2" inside an item).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import cache, clock
from kiosk.extensions import db
from kiosk.models import Office
from kiosk.sync.forms.definitions import Form
from kiosk.sync.forms.document import DOCUMENT_TTL_SECONDS, rules_data
from kiosk.sync.forms.field_checks import CHECKS, UUID, Report, count_within
from kiosk.sync.forms.options import catalogue_sources, publish


@dataclass
class Validation:
    """Errors (path -> Indonesian message) refuse the record; warnings (path -> flag codes, as
    at the counter) are kept on it; blobs are the photos it names (SHA-256)."""

    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    blobs: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(
    form: Form, fields: object, office_id: int, *, today: dt.date | None = None
) -> Validation:
    """Check `fields` against a published form for one office (its catalogue, its region)."""
    published = cache.memo(
        "sync.forms.accepting",
        (form.id, form.version, office_id),
        DOCUMENT_TTL_SECONDS,
        lambda: publish(form, catalogue_sources(office_id, include_retired=True)),
    )
    return check_fields(published, fields, rules_data(office_id), today or office_today(office_id))


def check_fields(form: dict, fields: object, rules: dict, today: dt.date) -> Validation:
    """Check `fields` against a published form (the shape GET /api/v1/forms serves)."""
    result = Validation()
    if not isinstance(fields, dict):
        result.errors["fields"] = _("Isian formulir harus berupa objek JSON.")
        return result
    _check_level(form["fields"], fields, "", "fields", result, rules, today)
    return result


def office_today(office_id: int) -> dt.date:
    """The date at the office (a birth date typed today in Jakarta is not in the future)."""
    zone = db.session.scalar(select(Office.timezone).where(Office.id == office_id))
    return clock.utc_now().astimezone(zoneinfo.ZoneInfo(zone or "Asia/Jakarta")).date()


def is_empty(value) -> bool:
    """Not filled in: absent, null, blank text or an empty list."""
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _check_level(
    definitions: list[dict],
    values: dict,
    prefix: str,
    unknown_path: str,
    result: Validation,
    rules: dict,
    today: dt.date,
) -> None:
    known = {definition["name"] for definition in definitions} | ({"id"} if prefix else set())
    unknown = sorted(name for name in values if name not in known)
    if unknown:
        result.errors[unknown_path] = _("Isian tidak dikenal: %(names)s.", names=", ".join(unknown))
    for definition in definitions:
        path = prefix + definition["name"]
        value = values.get(definition["name"])
        report = Report(
            path, definition, values, rules, today, result.errors, result.warnings, result.blobs
        )
        if not _shown(definition, values):
            if not is_empty(value):
                report.error(
                    _(
                        "%(label)s harus kosong: pertanyaan ini tidak berlaku untuk jawaban "
                        "sebelumnya.",
                        label=report.label,
                    )
                )
        elif is_empty(value):
            if definition.get("required"):
                report.error(_("%(label)s wajib diisi.", label=report.label))
        elif definition["type"] == "group":
            _check_group(value, report, result)
        else:
            CHECKS[definition["type"]](value, report)


def _check_group(items, report: Report, result: Validation) -> None:
    label = report.label
    if not isinstance(items, list):
        return report.error(_("%(label)s harus berupa daftar.", label=label))
    count_within(
        items,
        report,
        lambda n: _("%(label)s paling sedikit %(n)d.", label=label, n=n),
        lambda n: _("%(label)s paling banyak %(n)d.", label=label, n=n),
    )
    seen_ids: set[str] = set()
    for index, item in enumerate(items):
        path = f"{report.path}.{index}"
        if not isinstance(item, dict):
            result.errors[path] = _(
                "Isian ke-%(n)d pada %(label)s tidak terbaca.", n=index + 1, label=label
            )
            continue
        item_id = item.get("id")
        if not (isinstance(item_id, str) and UUID.fullmatch(item_id)):
            result.errors[f"{path}.id"] = _(
                "Isian ke-%(n)d pada %(label)s tidak punya id (UUID) yang sah.",
                n=index + 1,
                label=label,
            )
        elif item_id in seen_ids:
            result.errors[f"{path}.id"] = _(
                "Id isian ke-%(n)d pada %(label)s sudah dipakai isian lain.",
                n=index + 1,
                label=label,
            )
        seen_ids.add(item_id)
        _check_level(
            report.field["fields"], item, f"{path}.", path, result, report.rules, report.today
        )


def _shown(definition: dict, values: dict) -> bool:
    condition = definition.get("show_if")
    if not condition:
        return True
    other = values.get(condition["field"])
    if "equals" in condition:
        return isinstance(other, str) and other == condition["equals"]
    if "in" in condition:
        return isinstance(other, str) and other in condition["in"]
    return not is_empty(other)
