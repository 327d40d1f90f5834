"""Request parsing for the API (webargs): JSON through the app's depth-limited parser, and
marshmallow's validation errors turned into one 422 {"error", "message", "field"} in Bahasa
Indonesia."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import gettext as _
from webargs.flaskparser import FlaskParser

from kiosk.api.errors import ApiError
from kiosk.api.fields import StrictBoolean, Text


class ApiParser(FlaskParser):
    """webargs' Flask parser with the API's body rules and error shape."""

    DEFAULT_VALIDATION_STATUS = 422

    def load_json(self, req, schema):
        """The body as a JSON object: 415 when not JSON, 400 when malformed or not an object.

        Flask's `get_json` uses the app's JSON provider, so JSON_MAX_DEPTH applies first.
        """
        if not req.get_data(cache=True) and not _requires_body(schema):
            return {}
        if not req.is_json:
            raise ApiError(
                "unsupported_media_type",
                _("Kirim data JSON dengan Content-Type application/json."),
                415,
            )
        body = req.get_json(silent=True)
        if not isinstance(body, dict):
            raise ApiError("malformed_json", _("Isi permintaan bukan objek JSON yang sah."), 400)
        return body

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        """Raise the first wrong field as a 422 ApiError naming it."""
        messages = error.messages
        if isinstance(messages, dict) and len(messages) == 1:
            ((location, inner),) = messages.items()
            if location in self.__location_map__ and isinstance(inner, dict):
                messages = inner
        path, original = _first_error(messages)
        raise ApiError(
            "invalid_field", _describe(schema, path, original), 422, field=".".join(path)
        )


def _requires_body(schema: ma.Schema) -> bool:
    return any(field.required for field in schema.fields.values())


def _first_error(messages, path: tuple[str, ...] = ()) -> tuple[tuple[str, ...], str]:
    """The path and message of the first error in marshmallow's nested messages."""
    if isinstance(messages, dict):
        key = sorted(messages, key=str)[0]
        if key == "_schema":
            return _first_error(messages[key], path)
        if isinstance(key, int):  # an item of a list: the list is what is wrong
            return path, _flat(messages[key])
        return _first_error(messages[key], (*path, str(key)))
    return path, _flat(messages)


def _flat(messages) -> str:
    while isinstance(messages, list | dict) and messages:
        messages = messages[0] if isinstance(messages, list) else next(iter(messages.values()))
    return str(messages)


def _field_at(schema: ma.Schema, path: tuple[str, ...]):
    """The field a path names (by data key), or None for an unknown field."""
    field = None
    for name in path:
        if field is not None:
            if not isinstance(field, ma.fields.Nested):
                return field
            schema = field.schema
        by_key = {f.data_key or n: f for n, f in schema.fields.items()}
        field = by_key.get(name)
        if field is None:
            return None
    return field


def _describe(schema: ma.Schema, path: tuple[str, ...], original: str) -> str:
    """A message in Bahasa Indonesia for what is wrong with the field at `path`."""
    name = ".".join(path)
    if not path:
        return original  # a rule across fields (validates_schema): written in Indonesian
    field = _field_at(schema, path)
    if field is None:
        return _("Kolom tidak dikenal: %(names)s.", names=name)
    if field.metadata.get("message"):
        return field.metadata["message"]
    if isinstance(field, ma.fields.Nested):
        return _("'%(name)s' harus berupa objek JSON.", name=name)
    if isinstance(field, ma.fields.List):
        limit = _length_limit(field) or 100
        return _(
            "'%(name)s' harus berupa daftar teks (paling banyak %(num)d).", name=name, num=limit
        )
    if isinstance(field, StrictBoolean):
        return _("'%(name)s' harus true atau false.", name=name)
    if isinstance(field, ma.fields.Integer):
        return _("'%(name)s' harus berupa nomor id (bilangan bulat positif).", name=name)
    choices = _choices(field)
    if choices:
        return _("'%(name)s' harus salah satu dari: %(choices)s.", name=name, choices=choices)
    limit = field.max_length if isinstance(field, Text) else _length_limit(field) or 200
    if not getattr(field, "blank", not field.required):
        return _(
            "'%(name)s' harus berupa teks, tidak kosong, paling banyak %(max)d karakter.",
            name=name,
            max=limit,
        )
    return _("'%(name)s' harus berupa teks, paling banyak %(max)d karakter.", name=name, max=limit)


def _length_limit(field) -> int | None:
    for rule in field.validators:
        if isinstance(rule, ma.validate.Length) and rule.max is not None:
            return rule.max
    return None


def _choices(field) -> str | None:
    for rule in field.validators:
        if isinstance(rule, ma.validate.OneOf):
            return ", ".join(str(choice) for choice in rule.choices)
    return None
