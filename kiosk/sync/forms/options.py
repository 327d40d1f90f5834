"""Options that live outside a form file, resolved into the plain shape the tablet reads.

`options_from: services` becomes the office's services (value = service code);
`options_by: {field: service, from: requirements}` becomes `{field, map: {service code:
[requirement id as text, ...]}}`; `options_from: dtks_criteria` becomes the criteria of the
form's `criteria_version`. The tablet is offered what is active today; the validator also
accepts retired services and papers, so a request made offline before a catalogue edit is kept.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kiosk.extensions import db
from kiosk.models import Service
from kiosk.sync.forms.criteria import criteria_options
from kiosk.sync.forms.definitions import Form


def publish(form: Form, sources: dict) -> dict:
    """A form version as the tablet gets it (GET /api/v1/forms), options resolved."""
    published = {
        "id": form.id,
        "version": form.version,
        "record": form.record,
        "title": form.title,
        "merge": form.merge_mode,
        "fields": [_resolve(field, form, sources) for field in form.fields],
    }
    if form.criteria_version is not None:
        published["criteria_version"] = form.criteria_version
    return published


def catalogue_sources(office_id: int, *, include_retired: bool = False) -> dict:
    """{"services": [option], "requirements": {service code: [option]}} of one office."""
    query = (
        select(Service)
        .where(Service.office_id == office_id)
        .options(selectinload(Service.all_requirements))
        .order_by(Service.position, Service.id)
    )
    services = [s for s in db.session.scalars(query) if include_retired or s.active]
    return {
        "services": [{"value": s.code, "label": s.text("name")} for s in services],
        "requirements": {
            s.code: [
                {"value": str(r.id), "label": r.text("label")}
                for r in s.all_requirements
                if include_retired or r.active
            ]
            for s in services
        },
    }


def _resolve(field: dict, form: Form, sources: dict) -> dict:
    resolved = {key: value for key, value in field.items() if key != "options_from"}
    source = field.get("options_from")
    if source == "dtks_criteria":
        resolved["options"] = criteria_options(form.criteria_version)
    elif source == "services":
        resolved["options"] = sources["services"]
    by = field.get("options_by")
    if by and "from" in by:
        resolved["options_by"] = {"field": by["field"], "map": sources[by["from"]]}
    if "fields" in field:
        resolved["fields"] = [_resolve(sub, form, sources) for sub in field["fields"]]
    return resolved
