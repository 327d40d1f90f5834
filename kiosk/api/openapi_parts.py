"""Building blocks shared by the OpenAPI documents of the API modules."""

from __future__ import annotations

BEARER = [{"bearerAuth": []}]
# Record ids: positive 63-bit integers (the <id:…> URL converter, schemas.id_field).
ID = {"type": "integer", "format": "int64", "minimum": 1, "maximum": 2**63 - 1}
LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "examples": ["id", "en"]},
    "description": "id (default), en, or any language the catalogue has text in (e.g. jv); "
    "a text missing in that language falls back to id, and the interface's own words are in "
    "en or id.",
}


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
    "400": error(
        "Malformed JSON, or nested deeper than JSON_MAX_DEPTH "
        "(error: malformed_json or json_too_deep)"
    ),
    "413": error("Body larger than MAX_CONTENT_LENGTH (error: request_entity_too_large)"),
    "415": error("Body is not JSON (error: unsupported_media_type)"),
}
