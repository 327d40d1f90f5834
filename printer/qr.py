"""The one QR bitmap both renderers use, so the printed and the previewed code are identical."""

from __future__ import annotations

import functools

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M
from qrcode.exceptions import DataOverflowError

from .receipt import Paper

# Two modules of quiet zone: the paper around the code supplies the rest, and it keeps the
# caption close enough to read as "under the QR".
QR_BORDER = 2
# Medium error correction survives a crumpled or smudged thermal slip at little extra size.
QR_ERROR_CORRECTION = ERROR_CORRECT_M
# About half the roll width is easy for a phone camera and leaves the slip short.
_TARGET_SHARE = 0.55
_MAX_BOX = 8


def qr_matrix(data: str) -> list[list[bool]]:
    """Return the QR modules for `data` (True = dark), quiet-zone border included."""
    return [list(row) for row in _matrix(data)]


@functools.lru_cache(maxsize=256)
def _matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The QR modules, computed once per payload: choosing the mask is the costly part, and a
    receipt's code is drawn for the printer, the preview and the layout."""
    code = qrcode.QRCode(version=None, error_correction=QR_ERROR_CORRECTION, border=QR_BORDER)
    code.add_data(data)
    try:
        code.make(fit=True)
    except DataOverflowError:
        raise ValueError(f"QR data of {len(data)} characters does not fit in a QR code") from None
    return tuple(tuple(row) for row in code.get_matrix())


def qr_box_size(data: str, paper: Paper) -> int:
    """Return the module size in dots for `data` on `paper` (the same for print and preview)."""
    return _box_size(len(qr_matrix(data)), paper)


def _box_size(modules: int, paper: Paper) -> int:
    """Pick the module size for a code `modules` wide, border included."""
    box = min(_MAX_BOX, int(paper.dots * _TARGET_SHARE) // modules)
    if box < 2:
        # Long payloads: take the largest size that still fits the roll at all.
        box = paper.dots // modules
    if box < 1:
        raise ValueError(f"a QR code of {modules} modules does not fit {paper.name} paper")
    return box


def qr_image(data: str, paper: Paper) -> Image.Image:
    """Return the QR of `data` as a black-on-white mode "1" image sized for `paper`."""
    matrix = _matrix(data)
    n = len(matrix)
    box = _box_size(n, paper)
    small = Image.new("1", (n, n), 1)
    small.putdata([0 if dark else 1 for row in matrix for dark in row])
    return small.resize((n * box, n * box), Image.Resampling.NEAREST)
