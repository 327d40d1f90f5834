"""The OpenAPI 3.1 document of /api/v1 (a test checks it lists every API route)."""

from __future__ import annotations

from flask import current_app


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def spec() -> dict:
    """Build the document; the server URL follows SATUPINTU_BASE_URL."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Satu Pintu API",
            "version": "1.0.0",
            "description": "Queue tickets and services of a village office. Errors are JSON "
            "{error, message} with a 4xx status.",
        },
        "servers": [{"url": current_app.config["BASE_URL"] + "/api/v1"}],
        "paths": {
            "/services": {
                "get": {
                    "summary": "List active services with requirements, fee and time standard",
                    "parameters": [
                        {
                            "name": "lang",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "enum": ["id", "en"]},
                        }
                    ],
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
                        }
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
                        "400": _error("Malformed JSON"),
                        "409": _error("Office closed (opens_at given) or daily quota reached"),
                        "415": _error("Body is not JSON"),
                        "422": _error("Unknown service or a field of the wrong type"),
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
                        "400": _error("Malformed tracking code"),
                        "404": _error("Unknown tracking code"),
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {"200": {"description": "OpenAPI document"}},
                }
            },
        },
        "components": {"schemas": _schemas()},
    }


def _schemas() -> dict:
    string, integer, boolean = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
    nullable_string = {"type": ["string", "null"]}
    return {
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
                "service": {"type": "string", "description": "Service code, e.g. ktp-baru"},
                "priority": {"type": "boolean", "default": False},
                "priority_reason": {
                    "type": ["string", "null"],
                    "enum": ["lansia", "disabilitas", "hamil", "balita", None],
                },
                "request_token": {"type": "string", "maxLength": 64},
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
                "state": {
                    "type": "string",
                    "enum": [
                        "waiting",
                        "called",
                        "serving",
                        "done",
                        "no_show",
                        "transferred",
                        "cancelled",
                    ],
                },
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
