"""SMS wording and rules without a database: GSM-7 length, phone numbers, templates that
must fit one SMS, and which status change calls for which message."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kiosk.files.workflow import read_workflow
from kiosk.notify import gsm
from kiosk.notify.phones import mask_phone, normalise_phone
from kiosk.notify.rules import kind_for_change
from kiosk.notify.sender import backoff
from kiosk.notify.texts import DEFAULTS, TemplateError, Values, check_template, render

LONGEST = Values(
    kode="XXXX-XXXX-XXX",
    layanan="Daftar Bantuan Sosial (DTKS)",
    tanggal="31-12-2026",
    kantor="Kantor Desa Sukamaju",
    telp="0812-3456-7890",
)


def test_gsm_length_counts_extension_characters_twice_and_encodes_the_alphabet():
    assert gsm.length("Info {kode}") == len("Info {kode}") + 2
    assert gsm.fits("a" * 160) and not gsm.fits("a" * 161)
    assert not gsm.fits("Kode ✓")  # outside the alphabet: would go as UCS-2
    assert gsm.outside_alphabet("ä ✓ ✓ ‘x’") == ["✓", "‘", "’"]
    assert gsm.encode("A@_$") == bytes((0x41, 0x00, 0x11, 0x02))
    assert gsm.encode("[€]") == bytes((0x1B, 0x3C, 0x1B, 0x65, 0x1B, 0x3E))
    with pytest.raises(ValueError):
        gsm.encode("✓")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("81234567890", "+6281234567890"),
        ("(021) 555-1234", None),  # a landline cannot take an SMS
        ("0812", None),
        ("", None),
        (None, None),
    ],
)
def test_phone_numbers_are_normalised_to_plus_62(raw, expected):
    assert normalise_phone(raw) == expected


def test_only_the_last_four_digits_are_shown():
    assert mask_phone("+6281234567890") == "•••• 7890"
    assert "1234" not in mask_phone("+6281234567890")


def test_every_default_template_fits_one_sms_with_the_longest_values():
    for kind, text in DEFAULTS.items():
        assert check_template(text, LONGEST) == text, kind
        body = render(text, LONGEST)
        assert gsm.fits(body) and "{" not in body, kind


def test_a_template_that_cannot_fit_is_refused_with_the_reason():
    too_long = DEFAULTS["siap_diambil"] + " Mohon datang pada jam kerja kantor desa." * 2
    with pytest.raises(TemplateError, match=r"Terlalu panjang: bisa sampai 2\d\d huruf"):
        check_template(too_long, LONGEST)
    with pytest.raises(TemplateError, match="kurung kurawal"):
        check_template("Berkas {kode} atas nama {nama}", LONGEST)
    with pytest.raises(TemplateError, match="tidak bisa dikirim"):
        check_template("Berkas {kode} siap ✓", LONGEST)
    with pytest.raises(TemplateError, match="Sertakan"):
        check_template("Berkas Anda siap diambil", LONGEST)
    with pytest.raises(TemplateError, match="kosong"):
        check_template("   ", LONGEST)
    assert check_template("  Berkas   {kode}\nsiap ", LONGEST) == "Berkas {kode} siap"


def test_rendering_puts_in_only_the_placeholders():
    body = render(DEFAULTS["siap_diambil"], LONGEST)
    assert body.startswith("Kantor Desa Sukamaju: berkas Daftar Bantuan Sosial (DTKS) kode")
    assert "XXXX-XXXX-XXX" in body and body.endswith("Info 0812-3456-7890")


DUE = dt.date(2026, 12, 1)
LATER = dt.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("workflow", "previous", "target", "due_before", "due_after", "kind"),
    [
        ("adminduk_kartu", "diterima", "perlu_dilengkapi", DUE, DUE, "perlu_dilengkapi"),
        ("adminduk_kartu", "diteruskan", "siap_diambil", DUE, DUE, "siap_diambil"),
        # leaving a paused status moves the due date, but "ready" says more
        ("adminduk_kartu", "menunggu_blanko", "siap_diambil", DUE, LATER, "siap_diambil"),
        ("adminduk_kartu", "perlu_dilengkapi", "diverifikasi", DUE, LATER, "tanggal_bergeser"),
        ("adminduk_kartu", "diterima", "diverifikasi", DUE, DUE, None),
        # collected at the counter: the citizen is there
        ("adminduk_kartu", "siap_diambil", "diambil", DUE, DUE, None),
        # a closing with a reason is told at the counter and on the status page
        ("adminduk_kartu", "diterima", "dikembalikan", DUE, DUE, None),
        ("puskesos_kis", "kepesertaan_aktif", "selesai", DUE, DUE, "selesai"),
        ("puskesos_kis", "dikirim_dinsos", "tidak_disetujui", DUE, DUE, None),
        ("puskesos_kis", "kartu_siap_diambil", "selesai", DUE, DUE, None),
        ("puskesos_kis", "diterima", "belum_lengkap", DUE, DUE, "perlu_dilengkapi"),
        # its incomplete status is its start: a question is not "missing papers"
        ("kis_pertanyaan", "diterima", "diterima", DUE, DUE, None),
        ("surat_desa", "diterima", "siap_diambil", DUE, DUE, "siap_diambil"),
        ("dtks", "diusulkan", "perlu_dilengkapi", None, None, "perlu_dilengkapi"),
        ("dtks", "diinput_siksng", "masuk_dtsen", None, None, "selesai"),
    ],
)
def test_which_change_calls_for_which_message(
    workflow, previous, target, due_before, due_after, kind
):
    flow = read_workflow(workflow)
    assert kind_for_change(flow, previous, target, due_before, due_after) == kind


def test_backoff_grows_then_stays_hourly():
    minutes = [backoff(n).total_seconds() / 60 for n in range(1, 8)]
    assert minutes == [1, 5, 15, 60, 60, 60, 60]


def test_the_gammu_spool_takes_one_file_per_message_and_reads_the_outcome(tmp_path):
    from kiosk.notify.backends import ERROR, SENT, make_sender

    for folder in ("outbox", "sent", "error"):
        (tmp_path / folder).mkdir()
    sender = make_sender(f"gammu-smsd:{tmp_path / 'outbox'}/")
    first = sender.send("+6281234567890", "Berkas 7K2M siap. Info 0812")
    second = sender.send("+6281234567891", "Dua")
    assert not first.confirmed
    assert len(list((tmp_path / "outbox").iterdir())) == 2  # no temporary file left
    assert re.fullmatch(r"OUTB\d{8}_\d{6}_00_\+6281234567890_sp[0-9a-f]{10}\.txt", first.reference)
    assert (tmp_path / "outbox" / first.reference).read_bytes() == b"Berkas 7K2M siap. Info 0812"
    assert sender.check(first.reference) is None  # the daemon has not sent it yet
    (tmp_path / "outbox" / first.reference).rename(tmp_path / "sent" / first.reference)
    (tmp_path / "outbox" / second.reference).rename(tmp_path / "error" / second.reference)
    assert (sender.check(first.reference), sender.check(second.reference)) == (SENT, ERROR)


def test_bad_sms_urls_and_a_missing_python_gammu_say_what_to_do():
    from kiosk.notify.backends import make_sender
    from kiosk.notify.errors import SmsConfigError

    for url in ("", "sms://x", "at://", "dummy:?fault=fire", "file:"):
        with pytest.raises(SmsConfigError, match="Accepted forms"):
            make_sender(url)
    try:
        import gammu  # noqa: F401
    except ImportError:
        with pytest.raises(SmsConfigError, match="python-gammu"):
            make_sender("gammu://")
