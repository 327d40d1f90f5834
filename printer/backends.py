"""Printer URL -> python-escpos transport, and sending a rendered job with bounded waiting."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from escpos import printer as transports
from escpos.constants import RT_STATUS_PAPER
from escpos.escpos import Escpos
from escpos.exceptions import Error as EscposError

from .errors import PaperOut, PrinterConfigError, PrinterError, PrinterUnavailable
from .escpos_render import render_escpos
from .receipt import Paper, Receipt

log = logging.getLogger(__name__)

ACCEPTED_FORMS = (
    "tcp://HOST[:PORT] (port 9100 by default), usb://VID:PID (hex, e.g. usb://04b8:0202), "
    "serial:///dev/ttyUSB0?baudrate=9600, file:/path/to/device, cups://QUEUE, dummy:"
)
DEFAULT_TCP_PORT = 9100
DEFAULT_BAUDRATE = 9600
# How long to wait for the answer to the paper-status query. Many cheap network printers never
# answer it; they then cost at most this much per job.
STATUS_WAIT = 1.0
MAX_RECORDED_JOBS = 100

# DLE EOT 4 answer (roll paper sensor): bits 1 and 4 are always 1, bits 0 and 7 always 0,
# bits 5 and 6 both set mean "paper end". Anything not shaped like that is not a status byte.
_STATUS_FIXED_MASK, _STATUS_FIXED_BITS = 0x93, 0x12
_STATUS_PAPER_END = 0x60


@dataclass(frozen=True)
class PrinterTarget:
    """A parsed printer URL; only the fields of its scheme are set."""

    scheme: str
    host: str = ""
    port: int = DEFAULT_TCP_PORT
    path: str = ""
    vendor_id: int = 0
    product_id: int = 0
    baudrate: int = DEFAULT_BAUDRATE
    fault: str = ""


def _bad(url: str, why: str) -> PrinterConfigError:
    """Build the one error message shape for every malformed URL."""
    return PrinterConfigError(f"bad printer URL {url!r}: {why}. Accepted forms: {ACCEPTED_FORMS}")


def parse_printer_url(url: str) -> PrinterTarget:
    """Parse a printer URL into a PrinterTarget, or raise PrinterConfigError."""
    if not isinstance(url, str) or not url.strip():
        raise _bad(str(url), "no printer URL given")
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise _bad(url, str(exc)) from None
    try:
        query = dict(parse_qsl(parts.query, strict_parsing=True)) if parts.query else {}
    except ValueError:
        raise _bad(url, "malformed options after '?'") from None
    scheme = parts.scheme.lower()
    parser = _PARSERS.get(scheme)
    if parser is None:
        raise _bad(url, f"unknown scheme {scheme + ':' if scheme else '(none)'}")
    allowed = _QUERY_KEYS.get(scheme, set())
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise _bad(url, f"unknown option {unknown[0]!r}")
    return parser(url, parts, query)


def _parse_tcp(url, parts, query) -> PrinterTarget:
    """tcp://host[:port]"""
    try:
        port = parts.port
    except ValueError:
        raise _bad(url, "the port must be a number from 1 to 65535") from None
    if not parts.hostname:
        raise _bad(url, "a host name or IP address is required")
    if parts.path not in ("", "/"):
        raise _bad(url, "a TCP printer URL has no path")
    if port == 0:
        raise _bad(url, "the port must be a number from 1 to 65535")
    return PrinterTarget("tcp", host=parts.hostname, port=port or DEFAULT_TCP_PORT)


def _parse_usb(url, parts, query) -> PrinterTarget:
    """usb://VID:PID with 1-4 hex digits each."""
    vid, sep, pid = parts.netloc.partition(":")
    if not (sep and _is_hex16(vid) and _is_hex16(pid)) or parts.path not in ("", "/"):
        raise _bad(url, "USB needs vendor and product id in hex, like usb://04b8:0202")
    return PrinterTarget("usb", vendor_id=int(vid, 16), product_id=int(pid, 16))


def _is_hex16(text: str) -> bool:
    """True for 1-4 hex digits."""
    return 1 <= len(text) <= 4 and all(c in "0123456789abcdefABCDEF" for c in text)


def _parse_serial(url, parts, query) -> PrinterTarget:
    """serial:///dev/ttyUSB0?baudrate=9600 (or serial://COM3 on Windows)."""
    device = unquote(parts.netloc + parts.path)
    if not device or device == "/":
        raise _bad(url, "a serial device path is required, like serial:///dev/ttyUSB0")
    baud = query.get("baudrate", str(DEFAULT_BAUDRATE))
    if not baud.isdigit() or int(baud) == 0:
        raise _bad(url, "baudrate must be a positive whole number")
    return PrinterTarget("serial", path=device, baudrate=int(baud))


def _parse_file(url, parts, query) -> PrinterTarget:
    """file:/path, file:///path or file:relative/path."""
    if parts.netloc not in ("", "localhost"):
        raise _bad(url, "use file:/absolute/path or file:relative/path")
    path = unquote(parts.path)
    if not path:
        raise _bad(url, "a file path is required")
    return PrinterTarget("file", path=path)


def _parse_cups(url, parts, query) -> PrinterTarget:
    """cups://queue-name"""
    queue = unquote(parts.netloc)
    if not queue or parts.path not in ("", "/"):
        raise _bad(url, "a CUPS queue name is required, like cups://receipt")
    return PrinterTarget("cups", path=queue)


def _parse_dummy(url, parts, query) -> PrinterTarget:
    """dummy: or dummy:?fault=offline|paper-out (to exercise error handling without hardware)."""
    if parts.netloc or parts.path not in ("", "/"):
        raise _bad(url, "the recording double takes no address; use dummy:")
    fault = query.get("fault", "")
    if fault not in ("", *RecordingPrinter.FAULTS):
        raise _bad(url, f"fault must be one of {', '.join(RecordingPrinter.FAULTS)}")
    return PrinterTarget("dummy", fault=fault)


_PARSERS = {
    "tcp": _parse_tcp,
    "usb": _parse_usb,
    "serial": _parse_serial,
    "file": _parse_file,
    "cups": _parse_cups,
    "dummy": _parse_dummy,
}
_QUERY_KEYS = {"serial": {"baudrate"}, "dummy": {"fault"}}


class RecordingPrinter(transports.Dummy):
    """The `dummy:` printer: keeps each finished job's bytes in a bounded in-memory list."""

    FAULTS = ("offline", "paper-out")

    def __init__(self, fault: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.fault = fault

    def open(self) -> None:
        """Fail like an unreachable printer when built with fault=offline."""
        if self.fault == "offline":
            raise ConnectionRefusedError("simulated offline printer (dummy:?fault=offline)")

    def query_status(self, mode: bytes) -> bytes:
        """Answer a status query like a real printer, without recording it in the job."""
        return bytes([0x72 if self.fault == "paper-out" else 0x12])

    def close(self) -> None:
        """End the job: record what was sent, if anything."""
        if self.output:
            with _JOBS_LOCK:
                _JOBS.append(self.output)
            self.clear()


# Shared by every dummy: printer in the process, bounded so a long-running demo cannot grow it.
_JOBS: deque[bytes] = deque(maxlen=MAX_RECORDED_JOBS)
_JOBS_LOCK = threading.Lock()


def recorded_jobs() -> list[bytes]:
    """Return the bytes of every job sent to `dummy:` so far, oldest first (bounded)."""
    with _JOBS_LOCK:
        return list(_JOBS)


def clear_recorded_jobs() -> None:
    """Forget all jobs recorded by the `dummy:` printer."""
    with _JOBS_LOCK:
        _JOBS.clear()


def get_printer(url: str, *, profile: str | None = None, timeout: float = 5.0) -> Escpos:
    """Return an unopened python-escpos printer for `url`, or raise PrinterConfigError."""
    target = parse_printer_url(url)
    kwargs = {"profile": profile}
    match target.scheme:
        case "tcp":
            return transports.Network(target.host, port=target.port, timeout=timeout, **kwargs)
        case "usb":
            _require(transports.Usb, url, 'pip install "python-escpos[usb]"')
            return transports.Usb(
                target.vendor_id, target.product_id, timeout=int(timeout * 1000), **kwargs
            )
        case "serial":
            _require(transports.Serial, url, 'pip install "python-escpos[serial]"')
            return transports.Serial(
                target.path, baudrate=target.baudrate, timeout=timeout, **kwargs
            )
        case "file":
            return transports.File(target.path, **kwargs)
        case "cups":
            _require(
                transports.CupsPrinter, url, "apt-get install libcups2-dev && pip install pycups"
            )
            return transports.CupsPrinter(target.path, **kwargs)
        case "dummy":
            return RecordingPrinter(fault=target.fault, **kwargs)
    raise AssertionError(target.scheme)  # pragma: no cover


def _require(transport: type[Escpos], url: str, install: str) -> None:
    """Raise PrinterConfigError when the transport's optional driver is not installed."""
    if not transport.is_usable():
        raise PrinterConfigError(
            f"printer URL {url!r} needs a driver that is not installed; run: {install}"
        )


def print_receipt(
    receipt: Receipt,
    url: str,
    *,
    paper: Paper,
    timeout: float = 5.0,
    profile: str | None = None,
) -> bytes:
    """Render `receipt` once, send those exact bytes to the printer at `url`, and return them."""
    data = render_escpos(receipt, paper, profile=profile)
    send_bytes(data, url, timeout=timeout, profile=profile)
    return data


def send_bytes(data: bytes, url: str, *, timeout: float = 5.0, profile: str | None = None) -> None:
    """Send ready-made ESC/POS bytes to `url`; on TCP this takes at most about `timeout` + 1 s."""
    printer = get_printer(url, profile=profile, timeout=timeout)
    # `timeout` bounds connecting plus writing; the status query gets its own short allowance
    # so a printer that never answers it cannot eat the time the job itself needs.
    deadline = time.monotonic() + timeout
    try:
        _open(printer)
        if isinstance(printer, transports.Network | RecordingPrinter):
            deadline += _check_paper(printer, url, min(STATUS_WAIT, timeout))
        _limit_write_time(printer, deadline, url)
        printer._raw(data)
    except PrinterError:
        raise
    except (OSError, EscposError, RuntimeError) as exc:
        # OSError covers refused/timed-out sockets, pyusb and pyserial errors; python-escpos wraps
        # open failures in DeviceNotFoundError and missing drivers in RuntimeError.
        raise PrinterUnavailable(f"printer {url} is not available: {exc}") from exc
    finally:
        _close_quietly(printer)


def _open(printer: Escpos) -> None:
    """Open the transport. python-escpos drops a TCP socket whose connect failed without
    closing it (a ResourceWarning per failed job); create_connection closes it."""
    if isinstance(printer, transports.Network):
        printer.device = socket.create_connection(
            (printer.host, printer.port), timeout=printer.timeout
        )
        return
    printer.open()


def _check_paper(printer: Escpos, url: str, wait: float, *, quiet: bool = False) -> float:
    """Ask DLE EOT 4 and raise PaperOut on "paper end"; no clear answer means carry on.

    Returns the seconds spent waiting for the answer. `quiet`: log nothing (a probe every few
    seconds would repeat the same line all day).
    """
    started = time.monotonic()
    sock = getattr(printer, "_device", None)
    if isinstance(printer, transports.Network) and sock:
        sock.settimeout(wait)
    try:
        answer = printer.query_status(RT_STATUS_PAPER)
    except TimeoutError:
        if not quiet:
            log.info("printer %s did not answer the paper status query; printing anyway", url)
        answer = b""
    spent = time.monotonic() - started
    if not answer:
        return spent
    status = answer[0]
    if status & _STATUS_FIXED_MASK != _STATUS_FIXED_BITS:
        if not quiet:
            log.info("printer %s sent %#04x, not a status byte; printing anyway", url, status)
    elif status & _STATUS_PAPER_END == _STATUS_PAPER_END:
        raise PaperOut(f"printer {url} is out of paper")
    return spent


def _limit_write_time(printer: Escpos, deadline: float, url: str) -> None:
    """Make the write give up at the deadline instead of blocking on a printer that never reads."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise PrinterUnavailable(f"printer {url} did not respond in time")
    sock = getattr(printer, "_device", None)
    if isinstance(printer, transports.Network) and sock:
        sock.settimeout(remaining)
    elif isinstance(printer, transports.Serial) and sock:
        sock.write_timeout = remaining


def _close_quietly(printer: Escpos) -> None:
    """Close the transport; a failure to close must not hide the real outcome."""
    try:
        printer.close()
    except (OSError, EscposError, RuntimeError) as exc:
        log.warning("closing printer failed: %s", exc)
