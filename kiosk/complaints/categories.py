"""Complaint categories as data (data/categories.yaml): words, pictogram, answer deadline."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from kiosk.models import translated

CATEGORIES_FILE = Path(__file__).parent / "data" / "categories.yaml"
ASKED_TO_PAY = "diminta_membayar"  # the kiosk's first question answers this one


@dataclass(frozen=True)
class Category:
    """One complaint category; `days` is its answer deadline in working days."""

    code: str
    icon: str
    days: int
    label: dict
    hint: dict

    def text(self, field: str, lang: str = "id") -> str:
        """The label or hint in `lang`, falling back to Indonesian."""
        return translated(getattr(self, field), lang)


@functools.cache
def categories() -> tuple[Category, ...]:
    """Every category, in the kiosk's order (read once per process)."""
    entries = yaml.safe_load(CATEGORIES_FILE.read_text(encoding="utf-8"))
    return tuple(Category(**entry) for entry in entries)


def find_category(code: str | None) -> Category | None:
    """A category by code, or None."""
    return next((c for c in categories() if c.code == code), None)


def category_label(code: str, lang: str = "id") -> str:
    """A category's words (the code itself if the data no longer has it)."""
    found = find_category(code)
    return found.text("label", lang) if found else code
