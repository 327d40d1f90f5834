"""Receipt -> ESC/POS bytes. The only module that issues python-escpos commands."""

from __future__ import annotations

import unicodedata

from escpos.capabilities import get_profile
from escpos.exceptions import ImageWidthError
from escpos.printer import Dummy

from .errors import PrinterConfigError
from .qr import qr_image
from .receipt import Line, Paper, Receipt

# Profiles whose media width matches the paper, so centered images land in the middle.
# POS-5890 is the generic 58 mm (384 dot) Chinese printer; TM-T20II is the common 80 mm (576 dot)
# Epson. Both use CP437 as code table 0.
DEFAULT_PROFILES = {"58mm": "POS-5890", "80mm": "TM-T20II"}

CHECKBOX_MARK = "[ ] "  # code pages have no ballot box; same width as receipt.CHECKBOX_WIDTH
CODEPAGE = "CP437"

# One-character stand-ins for common typography, so folding never changes a line's width.
_ASCII_FALLBACK = {
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "\u201c": '"',
    "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u2026": ".", "\u2022": "*", "\u00b7": ".",
    "\u00d7": "x", "\u00f7": "/", "\u00b0": "o", "\u2610": "[", "\u2611": "x", "\u2612": "x",
}  # fmt: skip


def default_profile(paper: Paper) -> str:
    """Return the python-escpos profile name used for `paper` when none is given."""
    return DEFAULT_PROFILES[paper.name]


def to_ascii(text: str) -> str:
    """Fold text to printable ASCII one character for one character ("é" -> "e", else "?")."""
    return "".join(_fold_char(ch) for ch in text)


def _fold_char(ch: str) -> str:
    """Fold one character; the result is always exactly one printable ASCII character."""
    if " " <= ch <= "~":
        return ch
    if ch in _ASCII_FALLBACK:
        return _ASCII_FALLBACK[ch]
    for base in unicodedata.normalize("NFKD", ch):
        if " " <= base <= "~":
            return base
    return "?"


def render_escpos(receipt: Receipt, paper: Paper, profile: str | None = None) -> bytes:
    """Render `receipt` for `paper` to ESC/POS bytes; the same input always gives the same bytes."""
    name = profile or default_profile(paper)
    try:
        get_profile(name)
    except KeyError:
        raise PrinterConfigError(f"unknown python-escpos printer profile {name!r}") from None
    # Text is folded to ASCII, which every code table shares, so no ESC t is needed; pinning the
    # encoder also stops python-escpos from emitting profile-specific code table switches.
    printer = Dummy(profile=name, magic_encode_args={"encoding": CODEPAGE, "disabled": True})
    printer.hw("INIT")
    for line in receipt.layout(paper):
        if line.kind == "qr":
            _qr_line(printer, line, paper)
        else:
            _text_line(printer, line)
    printer.cut()  # feeds past the tear bar; adds GS V 0 only if the profile declares a cutter
    if not (printer.profile.supports("paperFullCut") or printer.profile.supports("paperPartCut")):
        # The 58 mm profiles declare no cutter, yet kiosk units often have one. Tear-off printers
        # ignore GS V, so always ending with a cut command serves both kinds.
        printer.cut(feed=False)
    return printer.output


def _text_line(printer: Dummy, line: Line) -> None:
    """Send one text line with its full style, so no state leaks between lines."""
    double = line.size == 2
    printer.set(
        align=line.align,
        bold=line.bold,
        normal_textsize=not double,
        double_width=double,
        double_height=double,
    )
    printer.textln((CHECKBOX_MARK if line.checkbox else "") + to_ascii(line.text))


def _qr_line(printer: Dummy, line: Line, paper: Paper) -> None:
    """Print the QR as a raster image (GS v 0), which works even without native QR support."""
    assert line.data is not None
    printer.set(align="center", bold=False, normal_textsize=True)
    try:
        printer.image(qr_image(line.data, paper), center=True)
    except ImageWidthError as exc:
        raise PrinterConfigError(f"printer profile narrower than {paper.name} paper") from exc
