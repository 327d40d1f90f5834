"""Inline SVG pictograms (vendored Tabler icons), so they take the text colour and any size."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from flask import Flask
from markupsafe import Markup

ICON_DIR = Path(__file__).parent / "static" / "icons"


@functools.lru_cache(maxsize=256)
def _svg(name: str) -> str:
    path = ICON_DIR / f"{name}.svg"
    if not name.replace("-", "").isalnum() or not path.is_file():
        path = ICON_DIR / "info-circle.svg"
    text = path.read_text(encoding="utf-8")
    svg = text[text.index("<svg") :]
    head, rest = svg.split(">", 1)
    # Our own class and size come from CSS; drop the file's fixed ones.
    head = re.sub(r'\s(class|width|height)="[^"]*"', "", head)
    return head + ">" + rest


def icon(name: str, css_class: str = "icon") -> Markup:
    """An inline <svg> for a vendored icon; decorative, so hidden from screen readers."""
    svg = _svg(name).replace(
        "<svg", f'<svg class="{css_class}" aria-hidden="true" focusable="false"', 1
    )
    return Markup(svg)


def init_icons(app: Flask) -> None:
    """Expose icon() to templates."""
    app.jinja_env.globals["icon"] = icon
