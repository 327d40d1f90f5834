"""The pure layout model: paper sizes, wrapping, block shapes, and the no-overflow guarantee."""

import random

import pytest

from printer import PAPER_58, PAPER_80, Paper, Receipt, paper_for
from printer.receipt import CHECKBOX_WIDTH, Line, clean_text, wrap

PAPERS = [PAPER_58, PAPER_80]


def texts(receipt: Receipt, paper: Paper) -> list[str]:
    """The text of every line, QR lines shown as a marker."""
    return [f"<qr {ln.data}>" if ln.kind == "qr" else ln.text for ln in receipt.layout(paper)]


@pytest.mark.parametrize(
    ("name", "paper"),
    [("58", PAPER_58), ("58mm", PAPER_58), (" 80MM ", PAPER_80), ("80", PAPER_80)],
)
def test_paper_for_accepts_known_widths(name, paper):
    assert paper_for(name) is paper


@pytest.mark.parametrize("name", ["", "57", "80 mm wide", "a4", "mm"])
def test_paper_for_rejects_unknown_widths(name):
    with pytest.raises(ValueError, match="58mm"):
        paper_for(name)


def test_paper_constants():
    assert (PAPER_58.name, PAPER_58.columns, PAPER_58.dots) == ("58mm", 32, 384)
    assert (PAPER_80.name, PAPER_80.columns, PAPER_80.dots) == ("80mm", 48, 576)


def test_wrap_breaks_at_spaces_and_hard_splits_long_words():
    assert wrap("satu dua tiga", 8) == ["satu dua", "tiga"]
    assert wrap("ab abcdefghij c", 4) == ["ab", "abcd", "efgh", "ij c"]
    assert wrap("   ", 5) == [""]


def test_clean_text_drops_control_characters_that_could_inject_commands():
    assert clean_text("A\x1bd\x07B\u200bC\tD\r\nE") == "AdBC D\nE"
    assert clean_text("Cafe\u0301") == "Café"  # NFC: one column, not two code points


def test_sample_ticket_layout_on_58mm(sample_receipt):
    assert texts(sample_receipt, PAPER_58) == [
        "Kantor Desa Sukamaju",
        "Jl. Raya Sukamaju No. 1, Kec.",
        "Cibadak",
        "-" * 32,
        "ANTRIAN",
        "A-007",
        "KTP-el Baru",
        "Senin, 23 Nov 2026 08:15",
        "Orang di depan Anda: 3",
        "-" * 32,
        "Siapkan persyaratan berikut:",
        "Fotokopi Kartu Keluarga (KK)",
        "Surat pengantar RT/RW yang",
        "    sudah ditandatangani dan",
        "    distempel",
        "Pas foto berwarna 3x4 (2",
        "    lembar)",
        "-" * 32,
        "Biaya: GRATIS (UU 24/2013 Pasal",
        "       79A)",
        "Waktu: 14 hari kerja",
        "-" * 32,
        "Pengaduan: kotak saran di ruang",
        "tunggu atau SMS 0812-3456-7890",
        "(Senin–Jumat).",
        "",
        "<qr http://192.168.1.10:8000/s/K7QM-2XPA-9RT>",
        "K7QM-2XPA-9RT",
        "Pindai untuk cek status berkas",
        "",
        "Terima kasih",
    ]


def test_block_styles(sample_receipt):
    lines = sample_receipt.layout(PAPER_80)
    by_text = {ln.text: ln for ln in lines if ln.kind == "text"}
    assert by_text["ANTRIAN"] == Line("text", "ANTRIAN", "center", True, 1)
    assert by_text["A-007"] == Line("text", "A-007", "center", True, 2)
    assert by_text["K7QM-2XPA-9RT"] == Line("text", "K7QM-2XPA-9RT", "center", True, 2)
    assert by_text["Fotokopi Kartu Keluarga (KK)"].checkbox is True
    assert by_text["-" * 48].align == "left"
    qr_index = next(i for i, ln in enumerate(lines) if ln.kind == "qr")
    assert lines[qr_index] == Line(
        "qr", align="center", data="http://192.168.1.10:8000/s/K7QM-2XPA-9RT"
    )
    assert lines[qr_index + 1].text == "K7QM-2XPA-9RT"  # the caption sits right under the code


def test_pair_with_a_long_label_puts_the_value_on_its_own_lines():
    receipt = Receipt().pair("Persyaratan tambahan untuk pemohon", "Surat keterangan pindah")
    assert texts(receipt, PAPER_58) == [
        "Persyaratan tambahan untuk",
        "pemohon:",
        "  Surat keterangan pindah",
    ]


def test_big_text_wraps_at_half_the_columns():
    receipt = Receipt().big("NOMOR ANTRIAN PRIORITAS")
    assert texts(receipt, PAPER_58) == ["NOMOR ANTRIAN", "PRIORITAS"]
    assert all(ln.size == 2 for ln in receipt.layout(PAPER_58))


def test_explicit_newlines_start_new_lines():
    assert texts(Receipt().text("Loket 2\nLantai 1", align="right"), PAPER_80) == [
        "Loket 2",
        "Lantai 1",
    ]


def test_invalid_builder_arguments_are_rejected():
    with pytest.raises(ValueError, match="align"):
        Receipt().text("x", align="justify")
    with pytest.raises(ValueError, match="empty"):
        Receipt().qr("")


# --- property-style check over many generated strings -------------------------------------

WORDS = (
    "kantor desa kelurahan kecamatan kabupaten permohonan persyaratan surat keterangan domisili "
    "tidak mampu pengantar kartu keluarga akta kelahiran KTP-el NIK 3201234567890001 Rp10.000 "
    "GRATIS (UU 24/2013) Pasal 79A, Senin–Jumat; ☐ é à ü"
).split()
LONG_WORDS = [
    "http://192.168.1.10:8000/s/K7QM-2XPA-9RT?ref=kiosk-lantai-1&lang=id",
    "Pertanggungjawabannya" * 3,
    "3201234567890001" * 5,
    "-" * 70,
]
SPACES = [" ", "  ", "     ", "\t", " \n ", "\n\n"]


def random_text(rng: random.Random) -> str:
    """A messy Indonesian-ish string: ordinary and overlong words, odd spacing, line breaks."""
    parts = []
    for _ in range(rng.randint(0, 40)):
        parts.append(rng.choice(LONG_WORDS) if rng.random() < 0.08 else rng.choice(WORDS))
        parts.append(rng.choice(SPACES))
    return "".join(parts)


def content_words(receipt: Receipt, paper: Paper) -> list[str]:
    """Words of all laid-out text lines."""
    return " ".join(ln.text for ln in receipt.layout(paper) if ln.kind == "text").split()


def assert_fits(receipt: Receipt, paper: Paper) -> None:
    for line in receipt.layout(paper):
        assert line.width <= paper.columns // line.size, line
        if line.checkbox:
            assert line.width == CHECKBOX_WIDTH + len(line.text)


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.name)
@pytest.mark.parametrize("kind", ["text", "heading", "big", "checkbox", "pair", "caption"])
def test_layout_never_overflows_and_loses_nothing(paper, kind):
    rng = random.Random(f"{paper.name}-{kind}")
    for _ in range(250):
        source = random_text(rng)
        receipt = Receipt()
        label_words: list[str] = []
        if kind == "text":
            receipt.text(source, align=rng.choice(["left", "center", "right"]))
        elif kind == "heading":
            receipt.heading(source)
        elif kind == "big":
            receipt.big(source)
        elif kind == "checkbox":
            receipt.checkbox(source)
        elif kind == "pair":
            label = rng.choice(["Biaya", "Waktu penyelesaian layanan", "Nomor Induk Kependudukan"])
            receipt.pair(label, source)
            label_words = label.split()
            label_words[-1] += ":"
        else:
            receipt.qr("x", caption=source or "-")
            source = source or "-"
        assert_fits(receipt, paper)
        words = content_words(receipt, paper)
        assert words[: len(label_words)] == label_words
        words = words[len(label_words) :]
        expected = clean_text(source).split()
        # Hard-split words come back in pieces; the characters, in order, must all be there.
        assert "".join(words) == "".join(expected)
        if all(len(w) <= paper.columns // 2 - CHECKBOX_WIDTH for w in expected):
            assert words == expected
