"""Pure receipt layout model: blocks in, wrapped fixed-width lines out. No I/O here."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

Align = Literal["left", "center", "right"]

# Both renderers print the checkbox marker in this many columns ("[ ] " on paper), so wrapped
# continuation lines are indented by the same amount and stay aligned under the item text.
CHECKBOX_WIDTH = 4
CHECKBOX_INDENT = " " * CHECKBOX_WIDTH

# A pair whose label is wider than this share of the line gets the value on its own lines,
# otherwise the hanging indent would leave too little room for the value.
_MAX_LABEL_SHARE = 0.5
_LONG_LABEL_INDENT = "  "

_ALIGNS = ("left", "center", "right")


@dataclass(frozen=True)
class Paper:
    """A roll width: its name, characters per line in font A, and printable dots per line."""

    name: str
    columns: int
    dots: int


PAPER_58 = Paper("58mm", 32, 384)
PAPER_80 = Paper("80mm", 48, 576)
_PAPERS = {"58": PAPER_58, "80": PAPER_80}


def paper_for(name: str) -> Paper:
    """Return the Paper for "58", "58mm", "80" or "80mm" (case and spaces ignored)."""
    key = str(name).strip().lower().removesuffix("mm").strip()
    try:
        return _PAPERS[key]
    except KeyError:
        raise ValueError(f"unknown paper width {name!r}; use '58mm' or '80mm'") from None


@dataclass(frozen=True)
class Line:
    """One laid-out line: text at size 1 or 2, or a QR code (kind "qr", payload in data)."""

    kind: Literal["text", "qr"]
    text: str = ""
    align: Align = "left"
    bold: bool = False
    size: Literal[1, 2] = 1
    checkbox: bool = False
    data: str | None = None

    @property
    def width(self) -> int:
        """Columns this line occupies at its own size, checkbox marker included."""
        return len(self.text) + (CHECKBOX_WIDTH if self.checkbox else 0)


def clean_text(text: str) -> str:
    """Normalise to NFC and drop control characters (except newline) so nothing can inject
    printer commands or break the column count."""
    text = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\t", " ")
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf"))


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap to `width` columns; words longer than a line are split hard.

    Runs of whitespace collapse to one space. Always returns at least one (maybe empty) line.
    """
    if width < 1:
        raise ValueError("width must be at least 1")
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) <= width:
            current += " " + word
            continue
        if current:
            lines.append(current)
        while len(word) > width:
            lines.append(word[:width])
            word = word[width:]
        current = word
    if current or not lines:
        lines.append(current)
    return lines


def _wrap_paragraphs(text: str, width: int) -> list[str]:
    """Wrap each newline-separated paragraph on its own, so explicit line breaks survive."""
    return [line for para in clean_text(text).split("\n") for line in wrap(para, width)]


class Receipt:
    """Builder for a receipt: call block methods in order, then `layout(paper)`.

    Every builder method returns the receipt so calls can be chained. The cut is implicit.
    """

    def __init__(self) -> None:
        self._blocks: list[tuple] = []

    def __repr__(self) -> str:
        return f"Receipt({len(self._blocks)} blocks)"

    def heading(self, text: str) -> Receipt:
        """Add a centered bold heading."""
        self._blocks.append(("text", text, "center", True))
        return self

    def text(self, text: str, align: Align = "left", bold: bool = False) -> Receipt:
        """Add wrapped text with the given alignment and weight."""
        if align not in _ALIGNS:
            raise ValueError(f"align must be one of {_ALIGNS}, not {align!r}")
        self._blocks.append(("text", text, align, bool(bold)))
        return self

    def big(self, text: str) -> Receipt:
        """Add double-width, double-height centered bold text (the queue number)."""
        self._blocks.append(("big", text))
        return self

    def rule(self) -> Receipt:
        """Add a full-width line of dashes."""
        self._blocks.append(("rule",))
        return self

    def pair(self, label: str, value: str) -> Receipt:
        """Add "label: value"; the value wraps with a hanging indent under itself."""
        self._blocks.append(("pair", label, value))
        return self

    def checkbox(self, text: str, bold: bool = False) -> Receipt:
        """Add a checklist item with an empty box; continuation lines align under the text."""
        self._blocks.append(("checkbox", text, bool(bold)))
        return self

    def blank(self) -> Receipt:
        """Add an empty line."""
        self._blocks.append(("blank",))
        return self

    def qr(self, data: str, caption: str | None = None) -> Receipt:
        """Add a centered QR code of `data`, optionally with a large caption right under it."""
        data = str(data)
        if not data:
            raise ValueError("QR data must not be empty")
        self._blocks.append(("qr", data, caption))
        return self

    def layout(self, paper: Paper) -> list[Line]:
        """Lay the blocks out for `paper`; no line is wider than the paper at its size."""
        lines: list[Line] = []
        for block in self._blocks:
            lines.extend(_layout_block(block, paper.columns))
        return lines


def _layout_block(block: tuple, columns: int) -> list[Line]:
    """Turn one builder block into lines for a paper `columns` characters wide."""
    match block:
        case ("text", text, align, bold):
            return [Line("text", t, align, bold) for t in _wrap_paragraphs(text, columns)]
        case ("big", text):
            return [
                Line("text", t, "center", True, 2) for t in _wrap_paragraphs(text, columns // 2)
            ]
        case ("rule",):
            return [Line("text", "-" * columns)]
        case ("blank",):
            return [Line("text", "")]
        case ("pair", label, value):
            return _layout_pair(label, value, columns)
        case ("checkbox", text, bold):
            first, *rest = _wrap_paragraphs(text, columns - CHECKBOX_WIDTH)
            return [Line("text", first, bold=bold, checkbox=True)] + [
                Line("text", (CHECKBOX_INDENT + t).rstrip(), bold=bold) for t in rest
            ]
        case ("qr", data, caption):
            lines = [Line("qr", align="center", data=data)]
            if caption:
                lines += [
                    Line("text", t, "center", True, 2)
                    for t in _wrap_paragraphs(caption, columns // 2)
                ]
            return lines
    raise AssertionError(f"unknown block {block!r}")  # pragma: no cover


def _layout_pair(label: str, value: str, columns: int) -> list[Line]:
    """Lay out "label: value" with the value's continuation lines hanging under the value."""
    prefix = " ".join(clean_text(label).split()) + ": "
    if len(prefix) <= columns * _MAX_LABEL_SHARE:
        indent = " " * len(prefix)
        values = _wrap_paragraphs(value, columns - len(prefix))
        texts = [prefix + values[0]] + [indent + v for v in values[1:]]
    else:
        texts = wrap(prefix.rstrip(), columns) + [
            _LONG_LABEL_INDENT + v
            for v in _wrap_paragraphs(value, columns - len(_LONG_LABEL_INDENT))
        ]
    return [Line("text", t.rstrip()) for t in texts]
