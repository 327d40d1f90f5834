"""The names of the national welfare list (DTSEN, formerly DTKS) and of the application the
village enters proposals in (SIKS-NG): data in data/national.yaml, since both have changed."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

NAMES_FILE = Path(__file__).parent / "data" / "national.yaml"


@functools.cache
def national_names(path: Path = NAMES_FILE) -> dict:
    """{"list": "DTSEN", "entry_app": "SIKS-NG", ...}: the short names (cached)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {"list": data["list"]["short"], "entry_app": data["entry_app"]["short"]}
