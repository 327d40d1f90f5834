"""PNG preview: right size, black on white, scannable QR the same size as the printed one."""

import io
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from printer import PAPER_58, PAPER_80, Receipt, image_render, render_png
from printer.image_render import render_png_bytes
from printer.qr import qr_image

PAPERS = [PAPER_58, PAPER_80]
QR_DATA = "http://192.168.1.10:8000/s/K7QM-2XPA-9RT"
# Git-ignored; open these to eyeball the receipts after a layout change.
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "receipts"


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.name)
def test_preview_is_paper_wide_black_on_white_and_scans(sample_receipt, paper):
    image = render_png(sample_receipt, paper)
    assert image.mode == "L"
    assert image.width == paper.dots
    assert image.getextrema() == (0, 255)
    assert image.getpixel((0, 0)) == 255
    assert image.getpixel((0, image.height - 1)) == 255
    (result,) = zxingcpp.read_barcodes(image)
    assert result.text == QR_DATA


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.name)
def test_preview_qr_is_the_printed_bitmap(sample_receipt, paper):
    image = render_png(sample_receipt, paper)
    expected = qr_image(QR_DATA, paper).convert("L")
    (result,) = zxingcpp.read_barcodes(image)
    # Locate the code through the decoder, then compare pixel for pixel with the print bitmap.
    corners = [result.position.top_left, result.position.top_right, result.position.bottom_left]
    module = expected.width // 33  # version 3 (29 modules) plus a 2-module border each side
    left = min(c.x for c in corners) - 2 * module
    top = min(c.y for c in corners) - 2 * module
    found = image.crop((left, top, left + expected.width, top + expected.height))
    assert found.tobytes() == expected.tobytes()


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.name)
def test_png_bytes_are_a_deterministic_png(sample_receipt, paper, tmp_path):
    data = render_png_bytes(sample_receipt, paper)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert data == render_png_bytes(sample_receipt, paper)
    with Image.open(io.BytesIO(data)) as decoded:
        assert decoded.size == render_png(sample_receipt, paper).size


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.name)
def test_write_golden_receipts_as_png_for_review(sample_receipt, paper):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"ticket-{paper.name}.png"
    path.write_bytes(render_png_bytes(sample_receipt, paper))
    with Image.open(path) as written:
        assert written.width == paper.dots


def test_checkbox_is_drawn_as_a_box_not_a_glyph():
    image = render_png(Receipt().checkbox("Fotokopi KK"), PAPER_58)
    style = image_render._style(PAPER_58, image_render.FONT_DIR)
    column = style.regular.getlength(" ")
    # The box spans the marker columns: inked pixels on both its left and right edges.
    marker = image.crop((image_render.MARGIN, 0, image_render.MARGIN + round(3 * column), 99))
    inked_columns = [
        x for x in range(marker.width) if marker.crop((x, 0, x + 1, 99)).getextrema()[0] < 128
    ]
    assert inked_columns
    assert inked_columns[-1] - inked_columns[0] >= column


def test_falls_back_to_pillow_font_when_dejavu_is_missing(sample_receipt, monkeypatch, tmp_path):
    monkeypatch.setattr(image_render, "FONT_DIR", tmp_path / "no-fonts")
    image = render_png(sample_receipt, PAPER_58)
    assert image.width == PAPER_58.dots
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [QR_DATA]
