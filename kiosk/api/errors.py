"""The API's error shape, {"error": code, "message": text, ...details}, and its schema."""

from __future__ import annotations

import marshmallow as ma

from kiosk.errors import DomainError


class ApiError(DomainError):
    """A malformed API request."""

    def __init__(self, code: str, message: str, status: int = 400, **details) -> None:
        super().__init__(message, **details)
        self.code = code
        self.status = status


class ErrorSchema(ma.Schema):
    """Every 4xx answer of the API: a stable code, a message for people, details by case."""

    class Meta:
        unknown = ma.INCLUDE

    error = ma.fields.String(required=True, metadata={"description": "Stable error code"})
    message = ma.fields.String(required=True, metadata={"description": "Bahasa Indonesia"})
    field = ma.fields.String(metadata={"description": "The request field that is wrong"})
    opens_at = ma.fields.String(
        allow_none=True,
        metadata={"format": "date-time", "description": "When a closed office opens next"},
    )
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.String(),
        metadata={"description": "A message per field (file intake)"},
    )


BODY_ERRORS = {
    400: "Malformed JSON, or nested deeper than JSON_MAX_DEPTH "
    "(error: malformed_json or json_too_deep)",
    413: "Body larger than MAX_CONTENT_LENGTH (error: request_entity_too_large)",
    415: "Body is not JSON (error: unsupported_media_type)",
    422: "A field is missing, of the wrong type, out of range or unknown "
    "(error: invalid_field, with `field`)",
}
AUTH_ERRORS = {
    401: "No valid bearer token (error: unauthorized)",
    403: "The token's role may not do this (error: forbidden), or its password must be "
    "changed first (error: password_change_required)",
}
