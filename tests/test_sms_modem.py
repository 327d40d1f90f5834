"""The AT backend against a fake modem on a pseudo-terminal: text mode in the GSM character
set, the +CMGS reference, a +CMS ERROR in plain words, a modem that never answers, and one
that is not plugged in."""

from __future__ import annotations

import pytest
from fake_modem import FakeModem
from sms_support import take_in
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.models import SmsMessage
from kiosk.notify import gsm
from kiosk.notify.backends import make_sender
from kiosk.notify.errors import ModemMissing, ModemSilent, NoSignal
from kiosk.notify.reasons import reason_of
from kiosk.notify.sender import send_due


def test_a_message_goes_in_text_mode_and_the_reference_comes_back():
    with FakeModem() as modem:
        handed = make_sender(f"at://{modem.port}?baud=115200&timeout=2").send(
            "+6281234567890", "Berkas 7K2M-9QXD siap_diambil @kantor"
        )
    assert handed.reference == "12" and handed.confirmed
    assert modem.commands[:4] == ["AT", "ATE0", "AT+CMGF=1", 'AT+CSCS="GSM"']
    assert modem.commands[4] == 'AT+CMGS="+6281234567890"'
    ((number, body),) = modem.sent
    assert number == "+6281234567890"
    assert body == gsm.encode("Berkas 7K2M-9QXD siap_diambil @kantor")  # "@" is 0x00 in GSM


def test_a_network_error_is_told_in_plain_words():
    with FakeModem("cms38") as modem, pytest.raises(NoSignal) as caught:
        make_sender(f"at://{modem.port}?timeout=2").send("+6281234567890", "Halo")
    assert reason_of(caught.value) == "Sinyal tidak ada (+CMS ERROR: 38)"


def test_a_modem_that_never_answers_times_out():
    with FakeModem("silent") as modem, pytest.raises(ModemSilent):
        make_sender(f"at://{modem.port}?timeout=0.3").send("+6281234567890", "Halo")


def test_an_unplugged_modem_is_said_so(tmp_path):
    with pytest.raises(ModemMissing) as caught:
        make_sender(f"at://{tmp_path / 'ttyUSB9'}").send("+6281234567890", "Halo")
    assert reason_of(caught.value).startswith("Modem tidak terpasang")


def test_the_modem_reports_sim_signal_and_network():
    with FakeModem() as modem, make_sender(f"at://{modem.port}?timeout=2").modem() as at:
        at.prepare()
        assert at.status() == {
            "sim": "+CPIN: READY",
            "signal": "+CSQ: 18,99",
            "network": "+CREG: 0,1",
        }


def test_a_ready_file_goes_out_through_the_modem(ctx, app):
    with FakeModem() as modem:
        app.config["SMS"] = f"at://{modem.port}?timeout=2"
        case = take_in()
        files.change_status(case, "siap_diambil", None, None)
        assert send_due().sent == 1
    message = db.session.scalar(select(SmsMessage))
    assert (message.state, message.backend_ref) == ("terkirim", "12")
    ((number, body),) = modem.sent
    assert number == "+6281234567890" and case.tracking_code.encode() in body
