"""OpenAPI paths and schemas of the files API (kiosk/api/files.py), merged by openapi.spec()."""

from __future__ import annotations

from kiosk.api.openapi_parts import (
    AUTH_ERRORS,
    BEARER,
    BODY_ERRORS,
    LANG,
    error,
    json_body,
    json_response,
    ref,
)

CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "The file's tracking code (the one on its ticket); case-insensitive.",
}


NOT_FOUND = error("No file has this tracking code (error: not_found)")


def file_paths() -> dict:
    """/files routes: the public masked lookup and the staff operations."""
    return {
        "/files": {
            "post": {
                "summary": "Accept a file (berkas) for a served ticket or a walk-in",
                "tags": ["files"],
                "security": BEARER,
                "requestBody": json_body("FileRequest"),
                "responses": {
                    "201": json_response("StaffFile", "The new file, with its due date"),
                    **BODY_ERRORS,
                    **AUTH_ERRORS,
                    "409": error("A file for this tracking code exists (error: file_exists)"),
                    "422": error(
                        "A field is wrong: `errors` maps each field to a message "
                        "(error: invalid_file or invalid_field)"
                    ),
                },
            }
        },
        "/files/{code}": {
            "get": {
                "summary": "A file's status for the citizen: masked name, never a NIK",
                "tags": ["files"],
                "security": [],
                "parameters": [CODE, LANG],
                "responses": {
                    "200": json_response("PublicFile", "The file's public status"),
                    "404": NOT_FOUND,
                    "429": error("Too many lookups from this client (STATUS_RATE_LIMIT)"),
                },
            }
        },
        "/files/{code}/status": {
            "post": {
                "summary": "Move a file to a next status of its workflow",
                "tags": ["files"],
                "security": BEARER,
                "parameters": [CODE],
                "requestBody": json_body("FileStatusRequest"),
                "responses": {
                    "200": json_response("StaffFile", "The file after the change"),
                    **BODY_ERRORS,
                    **AUTH_ERRORS,
                    "404": NOT_FOUND,
                    "409": error(
                        "Not a next status from here (error: status_not_allowed), or the "
                        "file changed since `version` (error: conflict)"
                    ),
                    "422": error(
                        "status missing, or this status needs a note for the citizen "
                        "(error: invalid_field or note_required)"
                    ),
                },
            }
        },
        "/files/{code}/detail": {
            "get": {
                "summary": "A file as staff see it; NIK/KK masked for roles without full view",
                "tags": ["files"],
                "security": BEARER,
                "parameters": [CODE],
                "responses": {
                    "200": json_response("StaffFile", "The file (this look is logged)"),
                    **AUTH_ERRORS,
                    "404": NOT_FOUND,
                },
            }
        },
        "/files/{code}/history": {
            "get": {
                "summary": "The append-only history of a file",
                "tags": ["files"],
                "security": BEARER,
                "parameters": [CODE],
                "responses": {
                    "200": json_response("FileHistory", "Every change, oldest first"),
                    **AUTH_ERRORS,
                    "404": NOT_FOUND,
                },
            }
        },
        "/files/{code}/requirements/{paper}": {
            "put": {
                "summary": "Set one paper of a file received, missing or not needed",
                "tags": ["files"],
                "security": BEARER,
                "parameters": [
                    CODE,
                    {
                        "name": "paper",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "format": "uuid"},
                        "description": "The paper's uuid (StaffFile.requirements[].uuid)",
                    },
                ],
                "requestBody": json_body("FilePaperRequest"),
                "responses": {
                    "200": json_response("StaffFile", "The file after the change"),
                    **BODY_ERRORS,
                    **AUTH_ERRORS,
                    "404": NOT_FOUND,
                    "409": error("The paper changed since `version` (error: conflict)"),
                    "422": error("Unknown state (error: invalid_field or invalid_state)"),
                },
            }
        },
        "/files/{code}/location": {
            "put": {
                "summary": "Record where the paper file is kept",
                "tags": ["files"],
                "security": BEARER,
                "parameters": [CODE],
                "requestBody": json_body("FileLocationRequest"),
                "responses": {
                    "200": json_response("StaffFile", "The file with its new location"),
                    **BODY_ERRORS,
                    **AUTH_ERRORS,
                    "404": NOT_FOUND,
                    "422": error("shelf missing or too long (error: invalid_field)"),
                },
            }
        },
    }


def text(max_length: int) -> dict:
    """An optional string field of a request body: null or absent are the same."""
    return {"type": ["string", "null"], "maxLength": max_length}


def file_schemas() -> dict:
    """Schemas of the files API."""
    string, boolean = {"type": "string"}, {"type": "boolean"}
    nullable = {"type": ["string", "null"]}
    day = {"type": "string", "format": "date"}
    strings = {"type": "array", "items": string}
    names = {
        "type": "array",
        "maxItems": 100,
        "items": {"type": "string", "minLength": 1, "maxLength": 200},
    }
    return {
        "PublicFile": {
            "type": "object",
            "description": "What a citizen may see: a masked name, never the NIK or address.",
            "required": ["tracking_code", "service", "applicant", "status", "status_label"],
            "properties": {
                "tracking_code": string,
                "service": string,
                "service_name": string,
                "applicant": {"type": "string", "examples": ["S***i W."]},
                "status": string,
                "status_label": string,
                "next_step": nullable,
                "waiting_on": nullable,
                "waiting_reason": nullable,
                "reason": nullable,
                "missing": strings,
                "pickup": nullable,
                "accepted_on": day,
                "due_date": {"type": ["string", "null"], "format": "date"},
                "due_paused": boolean,
                "overdue": boolean,
                "closed": boolean,
                "timeline": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"status": string, "label": string, "on": day},
                    },
                },
            },
        },
        "StaffFile": {
            "allOf": [
                ref("PublicFile"),
                {
                    "type": "object",
                    "required": ["applicant_full", "urgent", "name_mismatch", "location"],
                    "properties": {
                        "uuid": {"type": "string", "format": "uuid"},
                        "version": {
                            "type": "integer",
                            "description": "Send it back with a status change: a file changed "
                            "since is a 409 conflict.",
                        },
                        "subject": {"type": ["object", "null"]},
                        "subject_household": {"type": ["string", "null"], "format": "uuid"},
                        "flags": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "Identity warnings: nik_birth_date, nik_sex, kk_region",
                        },
                        "applicant_full": {
                            "type": "object",
                            "description": (
                                "Staff only: includes the NIK. With `masked` true (no full "
                                "view granted) NIK/KK are starred and birth date, address "
                                "and phone are null."
                            ),
                            "properties": {
                                "masked": boolean,
                                "uuid": string,
                                "nik": nullable,
                                "nik_absent": nullable,
                                "birth_place": nullable,
                                "name": string,
                                "kk": nullable,
                                "birth_date": {"type": ["string", "null"], "format": "date"},
                                "sex": {"type": ["string", "null"], "enum": ["L", "P", None]},
                                "address": nullable,
                                "rt": nullable,
                                "rw": nullable,
                                "dusun": nullable,
                                "phone": nullable,
                            },
                        },
                        "urgent": boolean,
                        "name_mismatch": boolean,
                        "location": {
                            "type": "object",
                            "properties": {"shelf": nullable, "folder": nullable},
                        },
                        "requirements": {
                            "type": "array",
                            "description": "The file's papers; `code` is the catalogue "
                            "requirement's stable code (null for a free-text paper)",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "uuid": {"type": "string", "format": "uuid"},
                                    "version": {"type": "integer"},
                                    "code": nullable,
                                    "label": string,
                                    "state": {
                                        "type": "string",
                                        "enum": ["received", "missing", "not_needed"],
                                    },
                                },
                            },
                        },
                    },
                },
            ]
        },
        "FileRequest": {
            "type": "object",
            "required": ["applicant"],
            "properties": {
                "tracking_code": {
                    **text(40),
                    "description": "The served ticket's code; omit for a walk-in (a new code)",
                },
                "service": {**text(40), "description": "Defaults to the ticket's service"},
                "applicant": {
                    "type": "object",
                    "required": ["name", "address"],
                    "description": "Lengths as on the intake form; the content is checked too "
                    "(NIK rules, digits in rt/rw/phone). A NIK on record links the person "
                    "already known; no NIK needs `nik_absent` (belum_punya, hilang, lupa).",
                    "properties": {
                        "name": text(120),
                        "nik": text(30),
                        "nik_absent": text(12),
                        "uuid": {**text(36), "description": "Client-made public id"},
                        "birth_place": text(60),
                        "phone_consent": boolean,
                        "relation": {
                            **text(20),
                            "description": "In the family (KK): kepala_keluarga, suami, istri, "
                            "anak, menantu, cucu, orang_tua, mertua, famili_lain, lainnya",
                        },
                        "kk": text(30),
                        "birth_date": {
                            **text(10),
                            "description": "YYYY-MM-DD; empty or null when unknown",
                            "examples": ["1990-01-05"],
                        },
                        "sex": {"type": ["string", "null"], "enum": ["L", "P", "", None]},
                        "address": text(300),
                        "rt": text(3),
                        "rw": text(3),
                        "dusun": text(60),
                        "phone": text(20),
                    },
                },
                "requirements": {
                    "type": ["object", "null"],
                    "description": "Papers by requirement code (GET /services), or by label; "
                    "other text is kept as a free-text paper",
                    "properties": {
                        "received": names,
                        "missing": names,
                        "not_needed": names,
                        "uuids": {
                            "type": "object",
                            "additionalProperties": {"type": "string", "format": "uuid"},
                            "description": "Client-made public ids of the paper rows, by the "
                            "code or label as sent in the lists above",
                        },
                    },
                },
                "notes": text(1000),
                "name_mismatch": boolean,
                "uuid": {**text(36), "description": "Client-made public id of the file"},
                "subject": {
                    "type": ["object", "null"],
                    "description": "Whom the file is about when not the applicant (same "
                    "fields as applicant; no KK: the applicant's household)",
                },
                "subject_household": boolean,
            },
        },
        "FileStatusRequest": {
            "type": "object",
            "required": ["status"],
            "properties": {
                "status": {"type": "string", "minLength": 1, "maxLength": 40},
                "note": text(500),
                "version": {"type": ["integer", "null"], "minimum": 1},
            },
        },
        "FilePaperRequest": {
            "type": "object",
            "required": ["state"],
            "properties": {
                "state": {"type": "string", "enum": ["received", "missing", "not_needed"]},
                "version": {"type": ["integer", "null"], "minimum": 1},
            },
        },
        "FileLocationRequest": {
            "type": "object",
            "required": ["shelf"],
            "properties": {
                "shelf": {"type": "string", "minLength": 1, "maxLength": 40},
                "folder": text(40),
            },
        },
        "FileHistory": {
            "type": "object",
            "required": ["tracking_code", "history"],
            "properties": {
                "tracking_code": string,
                "history": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "kind": string,
                            "status": nullable,
                            "value": nullable,
                            "note": nullable,
                            "by": nullable,
                            "at": {"type": "string", "format": "date-time"},
                        },
                    },
                },
            },
        },
    }
