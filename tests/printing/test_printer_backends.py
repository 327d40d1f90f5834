"""Printer URLs and transports: parsing, file/dummy/TCP delivery, paper-out and bounded waits."""

from __future__ import annotations

import socket
import threading

import pytest
from escpos import printer as transports

from printer import (
    PAPER_58,
    PaperOut,
    PrinterConfigError,
    PrinterUnavailable,
    get_printer,
    print_receipt,
    recorded_jobs,
    render_escpos,
)
from printer.backends import (
    STATUS_WAIT,
    PrinterTarget,
    RecordingPrinter,
    parse_printer_url,
    send_bytes,
)

INIT = b"\x1b@"
STATUS_QUERY = b"\x10\x04\x04"  # DLE EOT 4, the paper-sensor status query
TIMEOUT = 1.0


def _closed_port() -> int:
    """A local TCP port nobody listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("tcp://192.168.1.50:9100", PrinterTarget("tcp", host="192.168.1.50", port=9100)),
        ("tcp://printer.local", PrinterTarget("tcp", host="printer.local", port=9100)),
        ("TCP://10.0.0.7:9101/", PrinterTarget("tcp", host="10.0.0.7", port=9101)),
        ("usb://04b8:0202", PrinterTarget("usb", vendor_id=0x04B8, product_id=0x0202)),
        ("usb://1FC9:2016", PrinterTarget("usb", vendor_id=0x1FC9, product_id=0x2016)),
        ("serial:///dev/ttyUSB0", PrinterTarget("serial", path="/dev/ttyUSB0", baudrate=9600)),
        (
            "serial:///dev/ttyS1?baudrate=19200",
            PrinterTarget("serial", path="/dev/ttyS1", baudrate=19200),
        ),
        ("file:/dev/usb/lp0", PrinterTarget("file", path="/dev/usb/lp0")),
        ("file:///tmp/receipt.bin", PrinterTarget("file", path="/tmp/receipt.bin")),
        ("cups://receipt", PrinterTarget("cups", path="receipt")),
        ("dummy:", PrinterTarget("dummy")),
        ("  dummy:?fault=paper-out ", PrinterTarget("dummy", fault="paper-out")),
    ],
)
def test_parse_accepts_every_documented_form(url, expected):
    """Each accepted form parses to the target its scheme means."""
    assert parse_printer_url(url) == expected


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("", "no printer URL given"),
        ("   ", "no printer URL given"),
        ("printer", "unknown scheme (none)"),
        ("192.168.1.50:9100", "unknown scheme"),
        ("http://192.168.1.50", "unknown scheme http:"),
        ("tcp://", "host name or IP address is required"),
        ("tcp://:9100", "host name or IP address is required"),
        ("tcp://host:99999", "port must be a number"),
        ("tcp://host:abc", "port must be a number"),
        ("tcp://host:0", "port must be a number"),
        ("tcp://host:9100/queue", "has no path"),
        ("tcp://host?timeout=3", "unknown option 'timeout'"),
        ("tcp://host?x", "malformed options"),
        ("usb://04b8", "vendor and product id in hex"),
        ("usb://zz:0202", "vendor and product id in hex"),
        ("usb://04b8:02020", "vendor and product id in hex"),
        ("serial://", "serial device path is required"),
        ("serial:///dev/ttyUSB0?baudrate=fast", "baudrate must be a positive whole number"),
        ("serial:///dev/ttyUSB0?baudrate=0", "baudrate must be a positive whole number"),
        ("serial:///dev/ttyUSB0?parity=N", "unknown option 'parity'"),
        ("file:", "a file path is required"),
        ("file://otherhost/dev/lp0", "use file:/absolute/path"),
        ("cups://", "CUPS queue name is required"),
        ("dummy://somewhere", "takes no address"),
        ("dummy:?fault=fire", "fault must be one of offline, paper-out"),
    ],
)
def test_parse_rejects_garbage_saying_what_is_wrong(url, why):
    """Bad URLs raise PrinterConfigError naming the URL, the problem and the accepted forms."""
    with pytest.raises(PrinterConfigError) as caught:
        parse_printer_url(url)
    message = str(caught.value)
    assert why in message
    assert repr(url) in message or repr(url.strip()) in message
    assert "Accepted forms: tcp://HOST[:PORT]" in message


@pytest.mark.parametrize("url", [None, 9100])
def test_parse_rejects_non_strings(url):
    """A missing or non-text setting is a config error, not a crash."""
    with pytest.raises(PrinterConfigError, match="no printer URL given"):
        parse_printer_url(url)


def test_get_printer_builds_the_matching_transport(tmp_path):
    """tcp → Network with the timeout, file → File, dummy → the recording double."""
    network = get_printer("tcp://10.1.2.3:9101", timeout=2.5)
    assert isinstance(network, transports.Network)
    assert (network.host, network.port, network.timeout) == ("10.1.2.3", 9101, 2.5)
    assert isinstance(get_printer(f"file:{tmp_path / 'out'}"), transports.File)
    assert isinstance(get_printer("dummy:"), RecordingPrinter)
    with pytest.raises(PrinterConfigError):
        get_printer("lpt1")


# ---------------------------------------------------------------- file and dummy


@pytest.mark.parametrize("form", ["file:{}", "file://{}"])
def test_file_backend_writes_exactly_the_receipt_bytes(sample_receipt, tmp_path, form):
    """file: writes the rendered ESC/POS bytes, nothing more (no status query)."""
    target = tmp_path / "printer.bin"
    data = print_receipt(sample_receipt, form.format(target), paper=PAPER_58)
    assert data == render_escpos(sample_receipt, PAPER_58)
    assert data.startswith(INIT) and len(data) > 1000
    assert target.read_bytes() == data


def test_file_backend_unwritable_path_is_unavailable(sample_receipt, tmp_path):
    """A device path that cannot be opened is PrinterUnavailable (retry may help)."""
    with pytest.raises(PrinterUnavailable):
        print_receipt(sample_receipt, f"file:{tmp_path / 'no-dir' / 'lp0'}", paper=PAPER_58)


def test_dummy_backend_records_each_job(sample_receipt, recorder):
    """dummy: keeps each job's bytes, in order, without the status query."""
    first = print_receipt(sample_receipt, "dummy:", paper=PAPER_58)
    send_bytes(b"\x1b@second job", "dummy:")
    assert recorded_jobs() == [first, b"\x1b@second job"]
    assert not first.startswith(STATUS_QUERY)


@pytest.mark.parametrize(
    ("fault", "error"), [("offline", PrinterUnavailable), ("paper-out", PaperOut)]
)
def test_dummy_faults_raise_typed_errors_and_print_nothing(sample_receipt, recorder, fault, error):
    """dummy:?fault=... simulates an unreachable printer or an empty roll."""
    with pytest.raises(error):
        print_receipt(sample_receipt, f"dummy:?fault={fault}", paper=PAPER_58)
    assert recorded_jobs() == []


# ---------------------------------------------------------------- TCP (port 9100)


def test_tcp_printer_receives_exactly_the_escpos_bytes(sample_receipt, fake_printer):
    """After one paper query, the fake printer gets the rendered bytes, byte for byte."""
    server = fake_printer("ok")
    data = print_receipt(sample_receipt, server.url, paper=PAPER_58, timeout=TIMEOUT)
    assert server.next_job() == data == render_escpos(sample_receipt, PAPER_58)
    assert server.queries == 1


@pytest.mark.parametrize("status", [b"\x12", b"\x1e", b"\xff", b"\x00"])
def test_paper_present_near_end_or_a_non_status_byte_still_prints(fake_printer, status):
    """Only a well-formed "paper end" answer stops the job: near-end or noise prints anyway."""
    server = fake_printer("ok")
    server.status = status
    send_bytes(b"\x1b@job", server.url, timeout=TIMEOUT)
    assert server.next_job() == b"\x1b@job"


def test_paper_out_answer_raises_paper_out_and_prints_nothing(sample_receipt, fake_printer):
    """The printer answers DLE EOT 4 with paper end (0x72): PaperOut, no job bytes sent."""
    server = fake_printer("paper-out")
    with pytest.raises(PaperOut, match="out of paper"):
        print_receipt(sample_receipt, server.url, paper=PAPER_58, timeout=TIMEOUT)
    assert server.next_job() == b""
    assert server.queries == 1


@pytest.fixture
def socket_timeouts(monkeypatch) -> list[float | None]:
    """Every timeout the test's thread gives a socket, in order: the bound of each wait (no
    clock read). The fake printer serves from its own thread and is not counted."""
    seen: list[float | None] = []
    original = socket.socket.settimeout
    caller = threading.get_ident()

    def recording(sock, value):
        if threading.get_ident() == caller:
            seen.append(value)
        return original(sock, value)

    monkeypatch.setattr(socket.socket, "settimeout", recording)
    return seen


def _bounded(timeouts: list[float | None], limit: float) -> bool:
    """Each wait had a timeout, none longer than `limit`."""
    return bool(timeouts) and all(t is not None and 0 < t <= limit for t in timeouts)


def test_closed_port_is_unavailable_within_the_timeout(sample_receipt, socket_timeouts):
    """Nobody listening: PrinterUnavailable, with the URL in the message; the connect waits at
    most the timeout."""
    url = f"tcp://127.0.0.1:{_closed_port()}"
    with pytest.raises(PrinterUnavailable, match="not available") as caught:
        print_receipt(sample_receipt, url, paper=PAPER_58, timeout=TIMEOUT)
    assert url in str(caught.value)
    assert _bounded(socket_timeouts, TIMEOUT)


def test_printer_that_never_answers_the_query_still_prints_after_a_short_wait(
    fake_printer, socket_timeouts
):
    """A mute printer costs at most the status wait; the job is then delivered."""
    server = fake_printer("mute")
    send_bytes(b"\x1b@job", server.url, timeout=TIMEOUT)
    assert server.next_job() == b"\x1b@job"
    assert server.queries == 1  # the status was asked once, its answer waited for
    assert min(STATUS_WAIT, TIMEOUT) in socket_timeouts  # the status answer's own wait
    assert _bounded(socket_timeouts, TIMEOUT + STATUS_WAIT)


def test_printer_that_never_reads_fails_within_the_timeout(fake_printer, socket_timeouts):
    """A hung printer (accepts, never reads): a large job gives up instead of blocking."""
    server = fake_printer("silent")
    data = INIT + b"\x00" * (64 * 1024 * 1024)  # far more than the socket buffers hold
    with pytest.raises(PrinterUnavailable):
        send_bytes(data, server.url, timeout=TIMEOUT)
    assert _bounded(socket_timeouts, TIMEOUT + STATUS_WAIT)


def test_small_job_to_a_hung_printer_returns_in_bounded_time(
    sample_receipt, fake_printer, socket_timeouts
):
    """A receipt that fits the socket buffer to a printer that never reads still returns."""
    server = fake_printer("silent")
    print_receipt(sample_receipt, server.url, paper=PAPER_58, timeout=TIMEOUT)
    assert _bounded(socket_timeouts, TIMEOUT + STATUS_WAIT)
