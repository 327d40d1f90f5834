"""URL converters: record ids in paths are positive 63-bit integers, anything else is a 404."""

from __future__ import annotations

import re

from flask import Flask
from werkzeug.routing import IntegerConverter

# SQLite and PostgreSQL BIGINT both stop here; a larger number would overflow the driver.
MAX_ID = 2**63 - 1


class IdConverter(IntegerConverter):
    """`<id:name>`: 1 … 2**63-1 in digits; 0, negatives, overflow and 20+ digits never match."""

    # At most 19 digits: int() never sees a huge string, and the range check stays cheap.
    regex = r"\d{1,19}"

    def __init__(self, map, *args, **kwargs) -> None:
        super().__init__(map, min=1, max=MAX_ID)


def parse_id(text: str | None) -> int | None:
    """A record id typed or posted as text (\"12\"), or None when it is not one."""
    if not text or not re.fullmatch(r"[0-9]{1,19}", text):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def register_converters(app: Flask) -> None:
    """Make `<id:…>` available to every blueprint's routes."""
    app.url_map.converters["id"] = IdConverter
