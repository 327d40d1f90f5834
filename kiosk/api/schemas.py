"""JSON shapes of the API: request parsing with clear 4xx errors, and response bodies."""

from __future__ import annotations

from flask import Request
from flask_babel import force_locale
from flask_babel import gettext as _

from kiosk import clock
from kiosk.converters import MAX_ID
from kiosk.errors import DomainError
from kiosk.models import Service, Ticket
from kiosk.queue.labels import fee_text, time_standard_text
from kiosk.queue.position import estimate_call_at, people_ahead
from kiosk.queue.receipt import status_url
from kiosk.queue.service import PRIORITY_REASONS, REQUEST_TOKEN_MAX


class ApiError(DomainError):
    """A malformed API request."""

    def __init__(self, code: str, message: str, status: int = 400, **details) -> None:
        super().__init__(message, **details)
        self.code = code
        self.status = status


def invalid(name: str, message: str) -> ApiError:
    """A 422 naming the field that is wrong."""
    return ApiError("invalid_field", message, 422, field=name)


def json_object(request: Request, *, optional: bool = False) -> dict:
    """The request body as a JSON object, or a 415/400 ApiError; `optional` allows no body."""
    if optional and not request.get_data():
        return {}
    if not request.is_json:
        raise ApiError(
            "unsupported_media_type",
            _("Kirim data JSON dengan Content-Type application/json."),
            415,
        )
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError("malformed_json", _("Isi permintaan bukan objek JSON yang sah."), 400)
    return body


def string_field(body: dict, name: str, *, required: bool = True, max_length: int = 200):
    """A string field of a JSON body, or a 422 ApiError naming the field."""
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > max_length:
        raise invalid(
            name,
            _(
                "'%(name)s' harus berupa teks, tidak kosong, paling banyak %(max)d karakter.",
                name=name,
                max=max_length,
            ),
        )
    return value.strip()


def optional_string(body: dict, name: str, max_length: int = 500, *, label: str = "") -> str | None:
    """An optional string field of a JSON body (absent or null → None), else a 422 ApiError."""
    value = body.get(name)
    if value is not None and (not isinstance(value, str) or len(value) > max_length):
        label = label or name
        raise invalid(
            label,
            _(
                "'%(name)s' harus berupa teks, paling banyak %(max)d karakter.",
                name=label,
                max=max_length,
            ),
        )
    return value


def optional_strings(body: dict, limits: dict[str, int], prefix: str = "") -> None:
    """Check that each named field is a string within its length limit, or absent/null."""
    for name, max_length in limits.items():
        optional_string(body, name, max_length, label=prefix + name)


def id_field(body: dict, name: str) -> int | None:
    """An optional record id (a positive 63-bit integer) of a JSON body, else a 422."""
    return _positive(
        body, name, _("'%(name)s' harus berupa nomor id (bilangan bulat positif).", name=name)
    )


def version_field(body: dict, name: str) -> int | None:
    """An optional row version (a positive integer) of a JSON body, else a 422."""
    return _positive(
        body, name, _("'%(name)s' harus berupa nomor versi (bilangan bulat positif).", name=name)
    )


def _positive(body: dict, name: str, message: str) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise invalid(name, message)
    return value


def boolean_field(body: dict, name: str, default: bool) -> bool:
    """A true/false field of a JSON body (absent → default), else a 422."""
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise invalid(name, _("'%(name)s' harus true atau false.", name=name))
    return value


def string_list(
    body: dict, name: str, *, required: bool = False, max_items: int = 100, max_length: int = 200
) -> list:
    """A list of non-empty strings (absent → [] unless required), else a 422 naming the field."""
    value = body.get(name, None if required else [])
    if (
        not isinstance(value, list)
        or len(value) > max_items
        or not all(isinstance(item, str) and 0 < len(item) <= max_length for item in value)
    ):
        raise invalid(
            name,
            _(
                "'%(name)s' harus berupa daftar teks (paling banyak %(num)d).",
                name=name,
                num=max_items,
            ),
        )
    return value


def object_field(body: dict, name: str, *, required: bool = False) -> dict:
    """A nested JSON object (absent → {} unless required), else a 422 naming the field."""
    value = body.get(name)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise invalid(name, _("'%(name)s' harus berupa objek JSON.", name=name))
    return value


def parse_ticket_request(request: Request) -> dict:
    """Validate a POST /tickets body: {"service": code, "priority": bool, ...}."""
    body = json_object(request)
    service = string_field(body, "service", max_length=40)
    priority = boolean_field(body, "priority", False)
    reason = body.get("priority_reason")
    if reason is not None and (not isinstance(reason, str) or reason not in PRIORITY_REASONS):
        raise invalid(
            "priority_reason",
            _(
                "'priority_reason' harus salah satu dari: %(choices)s.",
                choices=", ".join(PRIORITY_REASONS),
            ),
        )
    token = body.get("request_token", request.headers.get("Idempotency-Key"))
    if token is not None and (
        not isinstance(token, str) or not 0 < len(token) <= REQUEST_TOKEN_MAX
    ):
        raise invalid(
            "request_token",
            _(
                "'request_token' harus berupa teks 1 sampai %(max)d karakter.",
                max=REQUEST_TOKEN_MAX,
            ),
        )
    unknown = set(body) - {"service", "priority", "priority_reason", "request_token"}
    if unknown:
        raise invalid(
            sorted(unknown)[0],
            _("Kolom tidak dikenal: %(names)s.", names=", ".join(sorted(unknown))),
        )
    return {
        "service": service,
        "priority": priority,
        "priority_reason": reason,
        "request_token": token,
    }


def ticket_json(ticket: Ticket) -> dict:
    """A ticket as the API shows it: never a name or NIK (a ticket carries none)."""
    ahead = people_ahead(ticket)
    estimate = estimate_call_at(ticket, ahead)
    return {
        "number": ticket.label,
        "service": ticket.service.code,
        "service_name": ticket.service.text("name"),
        "priority": ticket.priority,
        "priority_reason": ticket.priority_reason,
        "state": ticket.state,
        "issued_at": clock.local(ticket.issued_at).isoformat(),
        "people_ahead": ahead,
        "estimated_call_at": estimate.isoformat() if estimate else None,
        "tracking_code": ticket.tracking_code,
        "status_url": status_url(ticket),
    }


def staff_ticket_json(ticket: Ticket) -> dict:
    """A ticket as counters see it: where it waits now and who handles it."""
    return {
        **ticket_json(ticket),
        "queue_service": ticket.queue_service.code,
        "counter": ticket.counter.name if ticket.counter else None,
        "counter_id": ticket.counter_id,
        "recalls": ticket.recalls,
        "called_at": clock.local(ticket.called_at).isoformat() if ticket.called_at else None,
    }


def service_json(service: Service, lang: str = "id") -> dict:
    """A service with its requirements: catalogue texts in `lang` (any language the data has,
    else Indonesian), the interface's words in English or Indonesian."""
    with force_locale(lang if lang in ("id", "en") else "id"):
        return _service_body(service, lang[:8])


def _service_body(service: Service, lang: str) -> dict:
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
                "icon": r.icon,
            }
            for r in service.requirements
        ],
    }
