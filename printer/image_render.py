"""Receipt -> PNG preview: the same laid-out lines drawn with Pillow, like a thermal slip."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .qr import qr_image
from .receipt import CHECKBOX_INDENT, Line, Paper, Receipt

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = "DejaVuSansMono.ttf"
FONT_BOLD = "DejaVuSansMono-Bold.ttf"

MARGIN = 8  # dots of white left and right of the text; the slip itself is paper.dots wide
LINE_GAP = 6  # extra dots between size-1 lines, roughly a printer's default line spacing
TOP_FEED_LINES = 1
BOTTOM_FEED_LINES = 2
WHITE, BLACK = 255, 0

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True)
class _Style:
    """Fonts and metrics for one paper width."""

    regular: Font
    bold: Font
    regular2: Font
    bold2: Font
    line_height: int  # of a size-1 line; size 2 is twice this
    text_height: int  # ascender to descender of a size-1 font


def _load_font(bold: bool, px: int, font_dir: Path) -> Font:
    """Load DejaVu Sans Mono at `px`, or Pillow's built-in font if DejaVu is not installed."""
    try:
        return ImageFont.truetype(str(font_dir / (FONT_BOLD if bold else FONT_REGULAR)), px)
    except OSError:
        # A trimmed system without DejaVu: a preview in Pillow's own font beats an error.
        return ImageFont.load_default(px)


def _text_height(font: Font) -> int:
    """Height from ascender to descender, for vertical centering within a line."""
    if isinstance(font, ImageFont.FreeTypeFont):
        ascent, descent = font.getmetrics()
        return ascent + descent
    left, top, right, bottom = font.getbbox("Mgjy")
    return bottom


@lru_cache(maxsize=8)
def _style(paper: Paper, font_dir: Path) -> _Style:
    """Pick the largest font size at which `paper.columns` characters fit the text width."""
    text_width = paper.dots - 2 * MARGIN
    px = 40
    while px > 6 and _load_font(False, px, font_dir).getlength("M" * paper.columns) > text_width:
        px -= 1
    regular = _load_font(False, px, font_dir)
    text_height = _text_height(regular)
    return _Style(
        regular=regular,
        bold=_load_font(True, px, font_dir),
        regular2=_load_font(False, 2 * px, font_dir),
        bold2=_load_font(True, 2 * px, font_dir),
        line_height=text_height + LINE_GAP,
        text_height=text_height,
    )


def render_png(receipt: Receipt, paper: Paper) -> Image.Image:
    """Draw `receipt` for `paper` as a grayscale image `paper.dots` wide, black on white."""
    style = _style(paper, FONT_DIR)
    lines = receipt.layout(paper)
    qr_images = {line.data: qr_image(line.data, paper) for line in lines if line.kind == "qr"}
    heights = [_line_height(line, style, qr_images) for line in lines]
    top = TOP_FEED_LINES * style.line_height
    total = top + sum(heights) + BOTTOM_FEED_LINES * style.line_height
    image = Image.new("L", (paper.dots, total), WHITE)
    draw = ImageDraw.Draw(image)
    y = top
    for line, height in zip(lines, heights, strict=True):
        if line.kind == "qr":
            qr = qr_images[line.data]
            image.paste(qr.convert("L"), ((paper.dots - qr.width) // 2, y))
        else:
            _draw_text(draw, line, y, paper, style)
        y += height
    return image


def render_png_bytes(receipt: Receipt, paper: Paper) -> bytes:
    """Return the preview of `receipt` for `paper` as PNG file bytes."""
    buffer = io.BytesIO()
    render_png(receipt, paper).save(buffer, format="PNG")
    return buffer.getvalue()


def _line_height(line: Line, style: _Style, qr_images: dict) -> int:
    """Vertical space of one line in dots."""
    if line.kind == "qr":
        return qr_images[line.data].height
    return style.line_height * line.size


def _draw_text(draw: ImageDraw.ImageDraw, line: Line, y: int, paper: Paper, style: _Style):
    """Draw one text line aligned like the printer would, with a drawn box for checkboxes."""
    if line.size == 2:
        font = style.bold2 if line.bold else style.regular2
    else:
        font = style.bold if line.bold else style.regular
    prefix = CHECKBOX_INDENT if line.checkbox else ""
    width = font.getlength(prefix + line.text)
    right = paper.dots - MARGIN
    x = {"left": MARGIN, "center": (paper.dots - width) / 2, "right": right - width}[line.align]
    # Center the glyphs in the line box; the gap is shared above and below.
    text_top = y + (style.line_height * line.size - style.text_height * line.size) / 2
    if line.checkbox:
        _draw_box(draw, x, text_top, font.getlength(" "), style.text_height)
    draw.text((x + font.getlength(prefix), text_top), line.text, font=font, fill=BLACK)


def _draw_box(draw: ImageDraw.ImageDraw, x: float, top: float, column: float, height: int):
    """Draw an empty tick box over the first columns of the marker, like a printed form."""
    side = round(min(2.2 * column, 0.7 * height))
    left = round(x + 0.4 * column)
    upper = round(top + (height - side) / 2)
    draw.rectangle((left, upper, left + side, upper + side), outline=BLACK, width=2)
