"""Building blocks shared by the OpenAPI documents of the API modules."""

from __future__ import annotations

BEARER = [{"bearerAuth": []}]


def ref(name: str) -> dict:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def error(description: str) -> dict:
    """A JSON error response."""
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}}}


def json_response(schema_name: str, description: str) -> dict:
    """A JSON response of a component schema."""
    return {
        "description": description,
        "content": {"application/json": {"schema": ref(schema_name)}},
    }


def json_body(schema_name: str, required: bool = True) -> dict:
    """A JSON request body of a component schema."""
    return {"required": required, "content": {"application/json": {"schema": ref(schema_name)}}}


AUTH_ERRORS = {
    "401": error("No valid bearer token (error: unauthorized)"),
    "403": error("The token's role may not do this (error: forbidden)"),
}
BODY_ERRORS = {
    "400": error("Malformed JSON (error: malformed_json)"),
    "415": error("Body is not JSON (error: unsupported_media_type)"),
}
