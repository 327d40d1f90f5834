"""Marshmallow fields with the API's strict rules: no "1" for 1, no 1 for true, no blank text."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from kiosk.converters import MAX_ID


class StrictBoolean(ma.fields.Boolean):
    """true or false only (marshmallow would also take 1, "yes", "on")."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class Text(ma.fields.String):
    """A string of at most `max_length` characters (null when optional). A required one, or
    one with `blank=False`, is stripped and may not be blank."""

    def __init__(
        self, max_length: int, *, required: bool = False, blank: bool | None = None, **kwargs
    ) -> None:
        self.blank = not required if blank is None else blank
        minimum = 0 if self.blank else 1
        super().__init__(
            required=required,
            allow_none=not required,
            validate=validate.Length(min=minimum, max=max_length),
            **kwargs,
        )
        self.max_length = max_length

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not self.blank:
            if not text.strip():
                raise self.make_error("invalid")
            return text.strip()
        return text


def record_id(**kwargs) -> ma.fields.Integer:
    """A record id: a positive 63-bit integer, like the `<id:…>` URL converter."""
    return ma.fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def names(max_items: int = 100, max_length: int = 200, **kwargs) -> ma.fields.List:
    """A list of short non-empty strings."""
    return ma.fields.List(
        ma.fields.String(validate=validate.Length(min=1, max=max_length)),
        validate=validate.Length(max=max_items),
        **kwargs,
    )


def moment(**kwargs) -> ma.fields.String:
    """A local date-time as ISO 8601 text (presenters format it)."""
    return ma.fields.String(
        metadata={"format": "date-time", **kwargs.pop("metadata", {})}, **kwargs
    )


def day(**kwargs) -> ma.fields.String:
    """A date as ISO 8601 text (YYYY-MM-DD)."""
    return ma.fields.String(metadata={"format": "date", **kwargs.pop("metadata", {})}, **kwargs)


class LangQuery(ma.Schema):
    """?lang=: id (default), en, or any language the catalogue has text in (e.g. jv); a text
    missing in that language falls back to id, and the interface's own words are in en or id."""

    class Meta:
        unknown = ma.EXCLUDE

    lang = ma.fields.String(
        load_default="id",
        metadata={
            "examples": ["id", "en", "jv"],
            "description": "id (default), en, or a catalogue language; missing texts fall "
            "back to id",
        },
    )
