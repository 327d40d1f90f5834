"""ESC/POS rendering: exact bytes against golden files, and the printed QR scans.

The golden files hold the bytes for the sample ticket in conftest.py. After an intended change
to the layout or the renderer, regenerate them and review the diff (see golden/README.md):

    SATUPINTU_REGEN_GOLDEN=1 .venv/bin/pytest tests/printer -p no:playwright -k golden
"""

import os
from pathlib import Path

import pytest
import zxingcpp
from escpos.capabilities import CAPABILITIES
from PIL import Image, ImageOps

from printer import PAPER_58, PAPER_80, PrinterConfigError, Receipt, render_escpos
from printer.escpos_render import DEFAULT_PROFILES, to_ascii
from printer.qr import qr_image

GOLDEN_DIR = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("SATUPINTU_REGEN_GOLDEN") == "1"
PAPERS = [PAPER_58, PAPER_80]

INIT = b"\x1b@"
RASTER = b"\x1dv0"
FEED_6 = b"\x1bd\x06"
FULL_CUT = b"\x1dV\x00"  # GS V 0, for profiles that declare a cutter
FEED_AND_CUT = b"\x1dVB\x00"  # GS V 66 0, sent when the profile does not declare one
BOLD_ON, CENTER, DOUBLE = b"\x1bE\x01", b"\x1ba\x01", b"\x1b!\x30"


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.name)
def test_golden_bytes(sample_receipt, paper):
    data = render_escpos(sample_receipt, paper)
    golden = GOLDEN_DIR / f"ticket-{paper.name}.bin"
    if REGENERATE:
        golden.write_bytes(data)
    assert data == golden.read_bytes()


def test_golden_58mm_structure():
    data = (GOLDEN_DIR / "ticket-58mm.bin").read_bytes()
    assert data.startswith(INIT)
    assert data.endswith(FEED_6 + FEED_AND_CUT)
    assert data.count(RASTER) == 1
    assert data.count(b"\x1bt") == 0  # ASCII only: no code table switch needed
    assert DOUBLE + BOLD_ON + CENTER + b"A-007\n" in data
    assert DOUBLE + BOLD_ON + CENTER + b"K7QM-2XPA-9RT\n" in data
    assert b"[ ] Fotokopi Kartu Keluarga (KK)\n" in data
    assert b"Biaya: GRATIS (UU 24/2013 Pasal\n" in data
    assert b"       79A)\n" in data
    assert b"(Senin-Jumat).\n" in data  # en dash folded to ASCII
    assert max(len(line) for line in printed_text_lines(data)) <= 32


def test_golden_80mm_structure():
    data = (GOLDEN_DIR / "ticket-80mm.bin").read_bytes()
    assert data.startswith(INIT)
    assert data.endswith(FEED_6 + FULL_CUT)
    assert data.count(RASTER) == 1
    assert b"[ ] Surat pengantar RT/RW yang sudah\n" in data
    assert b"Biaya: GRATIS (UU 24/2013 Pasal 79A)\n" in data
    assert max(len(line) for line in printed_text_lines(data)) <= 48


def printed_text_lines(data: bytes) -> list[bytes]:
    """The text between the last style command and each line feed, before the image."""
    text_part = data[: data.index(RASTER)]
    return [line.rsplit(b"\x1ba", 1)[-1][1:] for line in text_part.split(b"\n")[:-1]]


def raster_images(data: bytes) -> list[Image.Image]:
    """Decode every GS v 0 raster image in `data` back to a black-on-white picture."""
    images = []
    start = data.find(RASTER)
    while start != -1:
        header = data[start + 3 : start + 8]  # m, xL, xH, yL, yH
        width_bytes = header[1] + 256 * header[2]
        height = header[3] + 256 * header[4]
        pixels = data[start + 8 : start + 8 + width_bytes * height]
        ink = Image.frombytes("1", (width_bytes * 8, height), pixels)  # bit set = dot burned
        images.append(ImageOps.invert(ink.convert("L")))
        start = data.find(RASTER, start + 8 + len(pixels))
    return images


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.name)
def test_printed_qr_scans_and_is_the_shared_bitmap(sample_receipt, paper):
    (image,) = raster_images(render_escpos(sample_receipt, paper))
    assert image.width == paper.dots  # python-escpos pads it to the full width to center it
    padded = ImageOps.expand(image, border=24, fill=255)
    assert [r.text for r in zxingcpp.read_barcodes(padded)] == [
        "http://192.168.1.10:8000/s/K7QM-2XPA-9RT"
    ]
    expected = qr_image("http://192.168.1.10:8000/s/K7QM-2XPA-9RT", paper).convert("L")
    left = (paper.dots - expected.width) // 2
    printed = image.crop((left, 0, left + expected.width, expected.height))
    assert printed.tobytes() == expected.tobytes()


def test_default_profiles_exist_and_match_the_paper_width():
    profiles = CAPABILITIES["profiles"]
    for paper in PAPERS:
        media = profiles[DEFAULT_PROFILES[paper.name]]["media"]
        assert media["width"]["pixels"] == paper.dots


def test_output_is_deterministic(sample_receipt):
    assert render_escpos(sample_receipt, PAPER_58) == render_escpos(
        build_again(sample_receipt), PAPER_58
    )


def build_again(receipt: Receipt) -> Receipt:
    """Lay out twice from one builder: layout must not consume or mutate the blocks."""
    receipt.layout(PAPER_80)
    return receipt


def test_non_ascii_is_folded_one_character_for_one():
    assert to_ascii("Café “Bu Siti” – № 5 ☐ 日本") == 'Cafe "Bu Siti" - N 5 [ ??'
    receipt = Receipt().text("Kepala Desa: Hj. Ñuñez\x1b@ — é")
    assert render_escpos(receipt, PAPER_58) == (
        INIT + b"\x1b!\x00\x1b!\x00\x1b!\x00\x1bE\x00\x1ba\x00"
        b"Kepala Desa: Hj. Nunez@ - e\n" + FEED_6 + FEED_AND_CUT
    )


def test_profile_override_and_unknown_profile():
    receipt = Receipt().text("x")
    assert render_escpos(receipt, PAPER_80, profile="TM-T88V").endswith(FULL_CUT)
    with pytest.raises(PrinterConfigError, match="no-such-printer"):
        render_escpos(receipt, PAPER_80, profile="no-such-printer")
