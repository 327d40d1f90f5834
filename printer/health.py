"""Probe a printer without printing: is it there, and does it have paper?

TCP and `dummy:` printers are opened, asked DLE EOT 4 and closed; a `file:` printer is checked
without opening it (opening truncates it); USB, serial and CUPS printers are not grabbed from
under the print process, so their state is "unknown" until a job says otherwise.
"""

from __future__ import annotations

import contextlib
import os
import socket
from dataclasses import dataclass

from escpos import printer as transports
from escpos.exceptions import Error as EscposError

from .backends import (
    RecordingPrinter,
    _check_paper,
    _close_quietly,
    _open,
    get_printer,
    parse_printer_url,
)
from .errors import PaperOut, PrinterConfigError

ONLINE = "online"
PAPER_OUT = "paper-out"
OFFLINE = "offline"
UNKNOWN = "unknown"
PROBED_SCHEMES = ("tcp", "dummy", "file")


@dataclass(frozen=True)
class PrinterHealth:
    """What a probe (or a job) found out: one of ONLINE, PAPER_OUT, OFFLINE, UNKNOWN."""

    state: str
    detail: str = ""

    @property
    def bad(self) -> bool:
        """True when receipts cannot print: offline or out of paper."""
        return self.state in (OFFLINE, PAPER_OUT)


def probe(url: str, timeout: float = 1.0) -> PrinterHealth:
    """Check the printer at `url` within about `timeout` seconds (twice that for a TCP printer
    that accepts the connection but never answers the status query); never raises."""
    try:
        target = parse_printer_url(url)
    except PrinterConfigError as error:
        return PrinterHealth(OFFLINE, str(error))
    if target.scheme not in PROBED_SCHEMES:
        return PrinterHealth(UNKNOWN, "checked when a job prints")
    if target.scheme == "file":
        return _probe_file(target.path)
    device = get_printer(url, timeout=timeout)
    try:
        _open(device)
        _check_paper(device, url, timeout, quiet=True)
    except PaperOut as error:
        return PrinterHealth(PAPER_OUT, str(error))
    except (OSError, EscposError, RuntimeError) as error:
        return PrinterHealth(OFFLINE, f"{type(error).__name__}: {error}")
    finally:
        _close_probe(device)
    return PrinterHealth(ONLINE)


def _close_probe(device) -> None:
    """Close without python-escpos's INFO line per TCP close (one every few seconds)."""
    if isinstance(device, RecordingPrinter):
        device.clear()  # the status query is not a job
    sock = getattr(device, "_device", None)
    if isinstance(device, transports.Network) and sock:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()
        device._device = False
        return
    _close_quietly(device)


def _probe_file(path: str) -> PrinterHealth:
    """A device node or file that can be written (or created in an existing folder)."""
    if os.path.exists(path):
        if os.access(path, os.W_OK) and not os.path.isdir(path):
            return PrinterHealth(ONLINE)
        return PrinterHealth(OFFLINE, f"{path} cannot be written")
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(folder) and os.access(folder, os.W_OK):
        return PrinterHealth(ONLINE)
    return PrinterHealth(OFFLINE, f"{path} does not exist")
