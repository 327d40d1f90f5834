"""JSON shapes of the API: request parsing with clear 4xx errors, and response bodies."""

from __future__ import annotations

from flask import Request
from flask_babel import force_locale

from kiosk import clock
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


def json_object(request: Request, *, optional: bool = False) -> dict:
    """The request body as a JSON object, or a 415/400 ApiError; `optional` allows no body."""
    if optional and not request.get_data():
        return {}
    if not request.is_json:
        raise ApiError(
            "unsupported_media_type", "Send JSON with Content-Type application/json.", 415
        )
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError("malformed_json", "The body is not a JSON object.", 400)
    return body


def string_field(body: dict, name: str, *, required: bool = True, max_length: int = 200):
    """A string field of a JSON body, or a 422 ApiError naming the field."""
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > max_length:
        raise ApiError("invalid_field", f"'{name}' must be a non-empty string.", 422, field=name)
    return value.strip()


def optional_string(body: dict, name: str, max_length: int = 500) -> str | None:
    """An optional string field of a JSON body (absent or null → None), else a 422 ApiError."""
    value = body.get(name)
    if value is not None and (not isinstance(value, str) or len(value) > max_length):
        raise ApiError("invalid_field", f"'{name}' must be a string.", 422, field=name)
    return value


def parse_ticket_request(request: Request) -> dict:
    """Validate a POST /tickets body: {"service": code, "priority": bool, ...}."""
    body = json_object(request)
    service = body.get("service")
    if not isinstance(service, str) or not service:
        raise ApiError(
            "invalid_field", "'service' must be a service code (string).", 422, field="service"
        )
    priority = body.get("priority", False)
    if not isinstance(priority, bool):
        raise ApiError("invalid_field", "'priority' must be true or false.", 422, field="priority")
    reason = body.get("priority_reason")
    if reason is not None and reason not in PRIORITY_REASONS:
        raise ApiError(
            "invalid_field",
            f"'priority_reason' must be one of {list(PRIORITY_REASONS)}.",
            422,
            field="priority_reason",
        )
    token = body.get("request_token", request.headers.get("Idempotency-Key"))
    if token is not None and (
        not isinstance(token, str) or not 0 < len(token) <= REQUEST_TOKEN_MAX
    ):
        raise ApiError(
            "invalid_field",
            "'request_token' must be a string of 1-64 characters.",
            422,
            field="request_token",
        )
    unknown = set(body) - {"service", "priority", "priority_reason", "request_token"}
    if unknown:
        raise ApiError(
            "invalid_field",
            f"Unknown field(s): {', '.join(sorted(unknown))}.",
            422,
            field=sorted(unknown)[0],
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
        "service_name": ticket.service.name_id,
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
    """A service with its requirements, in `lang` (id or en)."""
    lang = lang if lang in ("id", "en") else "id"
    with force_locale(lang):
        return _service_body(service, lang)


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
