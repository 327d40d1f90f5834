"""The OpenAPI 3.1 document of /api/v1 (a test checks it lists every API route)."""

from __future__ import annotations

from flask import current_app

from kiosk.api.openapi_files import file_paths, file_schemas
from kiosk.api.openapi_parts import (
    AUTH_ERRORS,
    BEARER,
    BODY_ERRORS,
    ID,
    LANG,
    error,
    json_body,
    json_response,
)
from kiosk.models import Ticket, User

COUNTER_ID = {
    "name": "counter_id",
    "in": "path",
    "required": True,
    "schema": ID,
    "description": "The counter's id (GET /counters).",
}
UNKNOWN_COUNTER = error("No active counter has this id (error: unknown_counter)")


def _counter_action(summary: str, conflicts: str, **extra) -> dict:
    """A POST on /counters/{counter_id}/...: bearer auth, a StaffTicket back."""
    responses = {
        "200": json_response("StaffTicket", "The ticket after the action"),
        **AUTH_ERRORS,
        "404": UNKNOWN_COUNTER,
        "409": error(conflicts),
    }
    responses.update(extra.pop("responses", {}))
    return {
        "post": {
            "summary": summary,
            "tags": ["counters"],
            "security": BEARER,
            "parameters": [COUNTER_ID],
            **extra,
            "responses": dict(sorted(responses.items())),
        }
    }


def _staff_paths() -> dict:
    """Staff accounts, counters and their actions, and the display state."""
    no_current = "No ticket is called at this counter (no_current_ticket) or it is already "
    return {
        "/auth/token": {
            "post": {
                "summary": "Exchange a username and password for a bearer token",
                "tags": ["auth"],
                "security": [],
                "requestBody": json_body("TokenRequest"),
                "responses": {
                    "200": json_response("Token", "A bearer token for `Authorization: Bearer`"),
                    **BODY_ERRORS,
                    "401": error(
                        "Wrong username or password, or a disabled or locked account: one "
                        "answer for all (error: invalid_credentials)"
                    ),
                    "403": error(
                        "The account must change its one-time or demo password on the staff "
                        "pages first (error: password_change_required)"
                    ),
                    "422": error("username or password missing or not a string"),
                },
            }
        },
        "/auth/tokens": {
            "get": {
                "summary": "Live API tokens: your own, or everyone's for an admin",
                "tags": ["auth"],
                "security": BEARER,
                "responses": {
                    "200": json_response("TokenList", "Tokens (ids, owners, times; no secrets)"),
                    **AUTH_ERRORS,
                },
            }
        },
        "/auth/tokens/{token_id}": {
            "delete": {
                "summary": "Revoke a token (your own, or any for an admin)",
                "tags": ["auth"],
                "security": BEARER,
                "parameters": [
                    {
                        "name": "token_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1},
                    }
                ],
                "responses": {
                    "204": {"description": "Revoked; requests with it now get 401"},
                    **AUTH_ERRORS,
                    "404": error("No such token, or not yours (error: not_found)"),
                },
            }
        },
        "/counters": {
            "get": {
                "summary": "Active counters with their services and current ticket",
                "tags": ["counters"],
                "security": BEARER,
                "responses": {
                    "200": {
                        "description": "Counters",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["counters"],
                                    "properties": {
                                        "counters": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Counter"},
                                        }
                                    },
                                }
                            }
                        },
                    },
                    **AUTH_ERRORS,
                },
            },
            "post": {
                "summary": "Create a counter (admin only)",
                "tags": ["counters"],
                "security": BEARER,
                "requestBody": json_body("CounterRequest"),
                "responses": {
                    "201": json_response("Counter", "The new counter"),
                    **BODY_ERRORS,
                    **AUTH_ERRORS,
                    "422": error(
                        "Name missing, too long or taken, or an unknown service code "
                        "(error: invalid_field or invalid_counter)"
                    ),
                },
            },
        },
        "/counters/{counter_id}/call-next": _counter_action(
            "Call the next ticket (priority ratio applied); the current one is finished first",
            "The counter is on break (error: counter_on_break)",
            responses={
                "404": error(
                    'Nobody waits for this counter: {"error": "queue_empty"}; or no such '
                    "counter (error: unknown_counter)"
                )
            },
        ),
        "/counters/{counter_id}/call": _counter_action(
            "Call one waiting ticket out of order; the reason is logged",
            "Counter on break (counter_on_break), or the ticket is not waiting today (wrong_state)",
            requestBody=json_body("CallRequest"),
            responses={
                **BODY_ERRORS,
                "422": error("number or reason missing or too short (reason_required)"),
            },
        ),
        "/counters/{counter_id}/recall": _counter_action(
            "Call the current ticket again (the display announces it again)",
            no_current + "being served (wrong_state)",
        ),
        "/counters/{counter_id}/no-show": _counter_action(
            "Mark the called citizen absent (after NO_SHOW_AFTER_RECALLS recalls)",
            no_current + "being served (wrong_state), or not recalled enough times yet "
            "(recall_first)",
        ),
        "/counters/{counter_id}/start": _counter_action(
            "The citizen arrived: service starts",
            no_current + "being served (wrong_state)",
        ),
        "/counters/{counter_id}/finish": _counter_action(
            "Service done",
            "No ticket is called or served at this counter (no_current_ticket)",
        ),
        "/counters/{counter_id}/transfer": _counter_action(
            "Send the current ticket to another service or counter; the number and its place "
            "(by issue time) are kept",
            "No ticket is called or served at this counter (no_current_ticket)",
            requestBody=json_body("TransferRequest"),
            responses={
                **BODY_ERRORS,
                "422": error(
                    "Neither or both of service/counter given, or an unknown target "
                    "(error: invalid_transfer or invalid_field)"
                ),
            },
        ),
        "/counters/{counter_id}/break": {
            "post": {
                "summary": "Put the counter on break, or back to work",
                "tags": ["counters"],
                "security": BEARER,
                "parameters": [COUNTER_ID],
                "requestBody": json_body("BreakRequest", required=False),
                "responses": {
                    "200": json_response("Counter", "The counter"),
                    **BODY_ERRORS,
                    **AUTH_ERRORS,
                    "404": UNKNOWN_COUNTER,
                    "409": error("A ticket is still called or served here (wrong_state)"),
                    "422": error("on_break is not a boolean (invalid_field)"),
                },
            }
        },
        "/display/state": {
            "get": {
                "summary": "What the waiting-room display shows: numbers and counters only",
                "tags": ["display"],
                "security": [],
                "responses": {"200": json_response("DisplayState", "The board")},
            }
        },
    }


def spec() -> dict:
    """Build the document; the server URL follows SATUPINTU_BASE_URL."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Satu Pintu API",
            "version": "1.0.0",
            "description": "Queue tickets, services, counters and the waiting-room display of a "
            "village office. Staff routes need a bearer token from POST /auth/token. "
            "Errors are JSON "
            "{error, message} with a 4xx status.",
        },
        "servers": [{"url": current_app.config["BASE_URL"] + "/api/v1"}],
        "paths": {
            "/services": {
                "get": {
                    "summary": "List active services with requirements, fee and time standard",
                    "parameters": [LANG],
                    "responses": {
                        "200": {
                            "description": "Services",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["services"],
                                        "properties": {
                                            "services": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Service"},
                                            }
                                        },
                                    }
                                }
                            },
                        },
                    },
                }
            },
            "/tickets": {
                "post": {
                    "summary": "Take a queue number",
                    "parameters": [
                        {
                            "name": "Idempotency-Key",
                            "in": "header",
                            "required": False,
                            "schema": {"type": "string", "maxLength": 64},
                            "description": "Same key, same ticket (double taps).",
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/TicketRequest"}
                            }
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "Ticket issued",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Ticket"}
                                }
                            },
                        },
                        **BODY_ERRORS,
                        "409": error("Office closed (opens_at given) or daily quota reached"),
                        "422": error("Unknown service or a field of the wrong type"),
                    },
                }
            },
            "/tickets/{tracking_code}": {
                "get": {
                    "summary": "A ticket's place in line",
                    "parameters": [
                        {
                            "name": "tracking_code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                            "description": "Case-insensitive; dashes optional.",
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "Ticket",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Ticket"}
                                }
                            },
                        },
                        "400": error("Malformed tracking code"),
                        "404": error("Unknown tracking code"),
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {"200": {"description": "OpenAPI document"}},
                }
            },
            **_staff_paths(),
            **file_paths(),
        },
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from POST /auth/token; it expires with the staff "
                    "session (STAFF_SESSION_HOURS).",
                }
            },
            "schemas": _schemas(),
        },
    }


def _schemas() -> dict:
    string, integer, boolean = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
    nullable_string = {"type": ["string", "null"]}
    return {
        **_staff_schemas(),
        **file_schemas(),
        "Error": {
            "type": "object",
            "required": ["error", "message"],
            "properties": {
                "error": string,
                "message": string,
                "field": string,
                "opens_at": {"type": ["string", "null"], "format": "date-time"},
            },
        },
        "TicketRequest": {
            "type": "object",
            "required": ["service"],
            "additionalProperties": False,
            "properties": {
                "service": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 40,
                    "description": "Service code, e.g. ktp-baru",
                },
                "priority": {"type": "boolean", "default": False},
                "priority_reason": {
                    "type": ["string", "null"],
                    "enum": ["lansia", "disabilitas", "hamil", "balita", None],
                },
                "request_token": {"type": ["string", "null"], "minLength": 1, "maxLength": 64},
            },
        },
        "Ticket": {
            "type": "object",
            "required": [
                "number",
                "service",
                "issued_at",
                "people_ahead",
                "estimated_call_at",
                "tracking_code",
                "status_url",
            ],
            "properties": {
                "number": {"type": "string", "examples": ["A-007"]},
                "service": string,
                "service_name": string,
                "priority": boolean,
                "priority_reason": nullable_string,
                "state": {"type": "string", "enum": list(Ticket.STATES)},
                "issued_at": {"type": "string", "format": "date-time"},
                "people_ahead": integer,
                "estimated_call_at": {"type": ["string", "null"], "format": "date-time"},
                "tracking_code": {"type": "string", "examples": ["K7QM-2XPA-9RT"]},
                "status_url": {"type": "string", "format": "uri"},
            },
        },
        "Requirement": {
            "type": "object",
            "properties": {
                "code": {
                    "type": "string",
                    "description": "Stable within the service; name papers by it at intake",
                },
                "kind": {"type": "string", "enum": ["bring", "made", "captured"]},
                "label": string,
                "why": string,
                "condition": nullable_string,
                "optional": boolean,
                "icon": string,
            },
        },
        "Service": {
            "type": "object",
            "properties": {
                "code": string,
                "prefix": string,
                "group": string,
                "name": string,
                "summary": nullable_string,
                "fee": integer,
                "fee_text": string,
                "time_standard_days": {"type": ["integer", "null"]},
                "time_standard_text": string,
                "done_at": string,
                "daily_quota": {"type": ["integer", "null"]},
                "requirements": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Requirement"},
                },
            },
        },
    }


def _staff_schemas() -> dict:
    string, integer, boolean = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
    moment = {"type": "string", "format": "date-time"}
    brief = {
        "type": ["object", "null"],
        "required": ["number", "service", "state"],
        "properties": {
            "number": string,
            "service": string,
            "state": {"type": "string", "enum": ["called", "serving"]},
        },
    }
    call = {
        "type": "object",
        "required": ["id", "kind", "number", "counter", "at"],
        "properties": {
            "id": {"type": "integer", "description": "Queue event id (orders the stream)"},
            "kind": {"type": "string", "enum": ["call", "recall"]},
            "number": string,
            "service": string,
            "service_name": string,
            "counter": string,
            "counter_id": integer,
            "at": moment,
        },
    }
    return {
        "TokenRequest": {
            "type": "object",
            "required": ["username", "password"],
            "properties": {
                "username": {"type": "string", "minLength": 1, "maxLength": 200},
                "password": {
                    "type": "string",
                    "format": "password",
                    "minLength": 1,
                    "maxLength": 200,
                },
            },
        },
        "TokenList": {
            "type": "object",
            "required": ["tokens"],
            "properties": {
                "tokens": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "username", "created_at", "expires_at"],
                        "properties": {
                            "id": integer,
                            "username": string,
                            "created_at": moment,
                            "expires_at": moment,
                        },
                    },
                }
            },
        },
        "Token": {
            "type": "object",
            "required": ["id", "token", "token_type", "role", "expires_at"],
            "properties": {
                "id": integer,
                "token": string,
                "token_type": {"type": "string", "const": "Bearer"},
                "role": {"type": "string", "enum": list(User.ROLES)},
                "expires_at": moment,
            },
        },
        "CounterRequest": {
            "type": "object",
            "required": ["name", "services"],
            "properties": {
                "name": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 60,
                    "examples": ["Loket 5"],
                },
                "services": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 100,
                    "items": {"type": "string", "minLength": 1, "maxLength": 40},
                    "description": "Service codes the counter calls, e.g. ktp-baru",
                },
            },
        },
        "Counter": {
            "type": "object",
            "required": ["id", "name", "services", "on_break", "current"],
            "properties": {
                "id": integer,
                "name": string,
                "services": {"type": "array", "items": string},
                "on_break": boolean,
                "current": {
                    "oneOf": [{"$ref": "#/components/schemas/StaffTicket"}, {"type": "null"}]
                },
            },
        },
        "StaffTicket": {
            "allOf": [
                {"$ref": "#/components/schemas/Ticket"},
                {
                    "type": "object",
                    "required": ["queue_service", "counter", "counter_id", "recalls"],
                    "properties": {
                        "queue_service": {
                            "type": "string",
                            "description": "The service whose queue it waits in now "
                            "(changes on transfer; the number does not)",
                        },
                        "counter": {"type": ["string", "null"], "examples": ["Loket 1"]},
                        "counter_id": {"type": ["integer", "null"]},
                        "recalls": integer,
                        "called_at": {"type": ["string", "null"], "format": "date-time"},
                    },
                },
            ]
        },
        "CallRequest": {
            "type": "object",
            "required": ["number", "reason"],
            "properties": {
                "number": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 20,
                    "description": "A-007 or a tracking code",
                },
                "reason": {"type": "string", "minLength": 3, "maxLength": 500},
            },
        },
        "TransferRequest": {
            "description": "Exactly one target: a service code or a counter id.",
            "oneOf": [
                {
                    "type": "object",
                    "required": ["service"],
                    "properties": {
                        "service": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": 40,
                            "examples": ["kk-baru"],
                        }
                    },
                },
                {
                    "type": "object",
                    "required": ["counter"],
                    "properties": {"counter": ID},
                },
            ],
        },
        "BreakRequest": {
            "type": "object",
            "properties": {"on_break": {"type": "boolean", "default": True}},
        },
        "DisplayState": {
            "type": "object",
            "description": "Numbers, services and counter names only: never a name or NIK.",
            "required": ["office_name", "notice", "counters", "recent_calls", "waiting"],
            "properties": {
                "office_name": string,
                "notice": string,
                "counters": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "name", "on_break", "current"],
                        "properties": {
                            "id": integer,
                            "name": string,
                            "on_break": boolean,
                            "current": brief,
                        },
                    },
                },
                "latest": {
                    "description": "The newest call or recall today (null before the first)",
                    "oneOf": [call, {"type": "null"}],
                },
                "recent_calls": {"type": "array", "items": call},
                "waiting": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["service", "prefix", "count"],
                        "properties": {
                            "service": string,
                            "prefix": string,
                            "name": string,
                            "count": integer,
                        },
                    },
                },
                "last_event_id": integer,
            },
        },
    }
