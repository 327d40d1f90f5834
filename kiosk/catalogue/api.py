"""Services API: the catalogue with requirements, fees and time standards."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import force_locale
from marshmallow import fields

from kiosk.api import bp
from kiosk.api.fields import LangQuery
from kiosk.catalogue.service import active_services
from kiosk.models import Service
from kiosk.queue.labels import fee_text, time_standard_text


class RequirementSchema(ma.Schema):
    code = fields.String(
        metadata={"description": "Stable within the service; name papers by it at intake"}
    )
    kind = fields.String(validate=ma.validate.OneOf(["bring", "made", "captured"]))
    label = fields.String()
    why = fields.String()
    condition = fields.String(allow_none=True)
    optional = fields.Boolean()
    one_of = fields.String(
        allow_none=True,
        metadata={"description": "Requirements sharing this code are alternatives: one is enough"},
    )
    icon = fields.String()


class ServiceSchema(ma.Schema):
    code = fields.String()
    prefix = fields.String()
    group = fields.String()
    name = fields.String()
    summary = fields.String(allow_none=True)
    fee = fields.Integer()
    fee_text = fields.String()
    time_standard_days = fields.Integer(allow_none=True)
    time_standard_text = fields.String()
    done_at = fields.String()
    daily_quota = fields.Integer(allow_none=True)
    requirements = fields.List(fields.Nested(RequirementSchema))


class ServiceListSchema(ma.Schema):
    services = fields.List(fields.Nested(ServiceSchema), required=True)


@bp.route("/services", methods=["GET"])
@bp.public
@bp.doc(tags=["services"])
@bp.arguments(LangQuery, location="query", as_kwargs=True)
@bp.response(200, ServiceListSchema)
def services(lang: str):
    """Every active service with its requirements, fee and time standard."""
    return {"services": [service_json(s, lang) for s in active_services()]}


def service_json(service: Service, lang: str = "id") -> dict:
    """A service with its requirements: catalogue texts in `lang` (any language the data has,
    else Indonesian), the interface's words in English or Indonesian."""
    lang = lang[:8]
    with force_locale(lang if lang in ("id", "en") else "id"):
        return {
            "code": service.code,
            "prefix": service.prefix,
            "group": service.group.code,
            "name": service.text("name", lang),
            "summary": service.text("summary", lang) or None,
            "fee": service.fee,
            "fee_text": fee_text(service, lang),
            "time_standard_days": service.time_standard_days,
            "time_standard_text": time_standard_text(service, lang),
            "done_at": service.done_at,
            "daily_quota": service.daily_quota,
            "requirements": [
                {
                    "code": r.code,
                    "kind": r.kind,
                    "label": r.text("label", lang),
                    "why": r.text("why", lang),
                    "condition": r.text("condition", lang) or None,
                    "optional": r.optional,
                    "one_of": r.one_of,
                    "icon": r.icon,
                }
                for r in service.requirements
            ],
        }
