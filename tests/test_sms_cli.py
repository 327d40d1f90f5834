"""`satupintu sms test` checks the modem and sends a test message; `satupintu sms send` runs
one pass; both say plainly what went wrong."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from fake_modem import FakeModem

from kiosk.cli import main


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Invoke `satupintu` in this process against an initialised instance folder."""
    for key in [k for k in os.environ if k.startswith("SATUPINTU_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("SATUPINTU_INSTANCE_PATH", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(main, ["init-db"]).exit_code == 0

    def invoke(*args: str, sms: str):
        monkeypatch.setenv("SATUPINTU_SMS", sms)
        return runner.invoke(main, list(args))

    return invoke


def test_sms_test_checks_the_modem_then_sends(cli):
    with FakeModem() as modem:
        result = cli("sms", "test", "0812 3456 7890", sms=f"at://{modem.port}?timeout=2")
    assert result.exit_code == 0, result.output
    assert "sim: +CPIN: READY" in result.output and "signal: +CSQ: 18,99" in result.output
    assert "Test SMS sent to +6281234567890 (reference 12)" in result.output
    assert modem.sent[0][0] == "+6281234567890"


def test_sms_test_and_send_say_what_is_wrong(cli, tmp_path):
    unplugged = cli("sms", "test", "081234567890", sms=f"at://{tmp_path / 'ttyUSB7'}")
    assert unplugged.exit_code == 1 and "Modem" in unplugged.output
    assert "not an Indonesian mobile number" in cli("sms", "test", "021555", sms="dummy:").output
    misconfigured = cli("sms", "send", sms="fax://")
    assert misconfigured.exit_code == 1 and "bad SMS URL" in misconfigured.output
    outbox = tmp_path / "sms.jsonl"
    sent = cli("sms", "test", "081234567890", sms=f"file:{outbox}")
    assert sent.exit_code == 0 and json.loads(outbox.read_text())["to"] == "+6281234567890"
    assert "Sent 0" in cli("sms", "send", sms=f"file:{outbox}").output
