"""printer.probe: the health of a printer without printing (open, paper query, close)."""

from __future__ import annotations

import logging
import socket

import pytest

from printer import OFFLINE, ONLINE, PAPER_OUT, UNKNOWN, probe, recorded_jobs


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_tcp_closed_port_is_offline():
    health = probe(f"tcp://127.0.0.1:{_closed_port()}", timeout=0.5)
    assert health.state == OFFLINE and health.bad
    assert "refused" in health.detail.lower()


@pytest.mark.parametrize(("mode", "state"), [("ok", ONLINE), ("paper-out", PAPER_OUT)])
def test_tcp_printer_answers_the_paper_query_and_gets_no_job(fake_printer, mode, state):
    server = fake_printer(mode)
    assert probe(server.url, timeout=1.0).state == state
    assert server.next_job() == b""  # the query only: nothing printed
    assert server.queries == 1


def test_tcp_printer_that_never_answers_is_online_and_probes_log_nothing(fake_printer, caplog):
    """Many cheap printers ignore DLE EOT 4: reachable counts as online, as for a job; a probe
    every 2 s logs nothing (no "did not answer", no python-escpos "Closing" line)."""
    caplog.set_level(logging.DEBUG)
    assert probe(fake_printer("mute").url, timeout=0.3).state == ONLINE
    assert probe(fake_printer("ok").url, timeout=0.3).state == ONLINE
    assert caplog.records == []


@pytest.mark.parametrize(
    ("url", "state"),
    [("dummy:", ONLINE), ("dummy:?fault=offline", OFFLINE), ("dummy:?fault=paper-out", PAPER_OUT)],
)
def test_dummy_faults(recorder, url, state):
    assert probe(url).state == state
    assert recorded_jobs() == []  # a probe is not a job


def test_file_printer_is_checked_without_truncating_it(tmp_path):
    existing = tmp_path / "printer.bin"
    existing.write_bytes(b"last job")
    assert probe(f"file:{existing}").state == ONLINE
    assert existing.read_bytes() == b"last job"
    assert probe(f"file:{tmp_path / 'new.bin'}").state == ONLINE  # created at the first job
    missing = probe(f"file:{tmp_path / 'unplugged' / 'lp0'}")
    assert missing.state == OFFLINE and "does not exist" in missing.detail
    assert probe(f"file:{tmp_path}").state == OFFLINE  # a folder is no printer


@pytest.mark.parametrize("url", ["usb://04b8:0202", "serial:///dev/ttyUSB0", "cups://receipt"])
def test_devices_owned_by_the_print_process_are_unknown_until_a_job(url):
    health = probe(url)
    assert health.state == UNKNOWN and not health.bad


def test_a_bad_url_is_offline_with_the_reason():
    health = probe("lpt1")
    assert health.state == OFFLINE and "unknown scheme" in health.detail
