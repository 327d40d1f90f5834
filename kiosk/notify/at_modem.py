"""A GSM modem spoken to with AT commands over a serial port (pyserial), one SMS at a time.

Text mode (AT+CMGF=1) in the GSM character set (AT+CSCS="GSM"): AT+CMGS="<number>", the
modem answers the "> " prompt, then the text and Ctrl-Z; it answers "+CMGS: <ref>" and "OK",
or "+CMS ERROR: <n>" / "ERROR". Every wait has a timeout: a modem that never answers is an
error (ModemSilent), never a hang.
"""

from __future__ import annotations

import threading
import time

import serial

from kiosk.notify import gsm
from kiosk.notify.errors import ModemMissing, ModemSilent, NoSignal, Rejected, SimProblem

CTRL_Z = b"\x1a"
ESC = b"\x1b"
# +CMS ERROR codes (3GPP TS 27.005 §3.2.5, 24.011 cause values) by what staff can do.
NETWORK_CODES = {27, 38, 41, 42, 47, 98, 111, 330, 331, 332}
SIM_CODES = {8, 10, 21, 29, 50, 69, 310, 311, 312, 313, 314, 315, 316, 317, 318}
_PORT_LOCKS: dict[str, threading.Lock] = {}


def cms_error(code: int, line: str) -> Exception:
    """The exception for a +CMS/+CME ERROR code."""
    if code in NETWORK_CODES:
        return NoSignal(line)
    if code in SIM_CODES:
        return SimProblem(line)
    return Rejected(line)


def _native_lock() -> threading.Lock:
    """A lock of real threads: the modem is spoken to in gevent's thread pool (off the hub),
    where a monkey-patched (greenlet) lock must not be used."""
    from gevent import monkey

    if monkey.is_module_patched("threading"):
        return monkey.get_original("threading", "Lock")()
    return threading.Lock()


_LOCKS_LOCK = _native_lock()


def _port_lock(port: str) -> threading.Lock:
    """One conversation at a time per port (the worker and a test message may meet)."""
    with _LOCKS_LOCK:
        if port not in _PORT_LOCKS:
            _PORT_LOCKS[port] = _native_lock()
        return _PORT_LOCKS[port]


class AtModem:
    """One open conversation with the modem at `port` (use as a context manager)."""

    def __init__(self, port: str, baudrate: int = 115200, timeout: float = 10.0) -> None:
        self.port, self.baudrate, self.timeout = port, baudrate, timeout
        self._serial: serial.Serial | None = None
        self._lock = _port_lock(port)

    def __enter__(self) -> AtModem:
        self._lock.acquire()
        try:
            self._serial = serial.Serial(self.port, self.baudrate, timeout=0.2, write_timeout=5)
        except (serial.SerialException, OSError, ValueError) as error:
            self._lock.release()
            raise ModemMissing(f"{self.port}: {error}") from None
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self._serial is not None:
                self._serial.close()
        finally:
            self._lock.release()

    # --- the conversation ---------------------------------------------------------------------

    def command(self, text: str, timeout: float | None = None) -> list[str]:
        """Send one AT command; the answer's lines up to OK (raises on an error answer)."""
        self._write(text.encode("ascii") + b"\r")
        return self._read_until_final(timeout or self.timeout, echo=text)

    def prepare(self) -> None:
        """Wake the modem, echo off, text mode, GSM character set."""
        self.command("AT")
        self.command("ATE0")
        self.command("AT+CMGF=1")
        self.command('AT+CSCS="GSM"')

    def send_sms(self, number: str, text: str, timeout: float | None = None) -> str:
        """Send one text SMS; the modem's message reference."""
        body = gsm.encode(text)
        self._write(f'AT+CMGS="{number}"\r'.encode("ascii"))
        self._wait_for_prompt(timeout or self.timeout)
        self._write(body + CTRL_Z)
        lines = self._read_until_final(max(timeout or self.timeout, 30.0))
        for line in lines:
            if line.startswith("+CMGS:"):
                return line.split(":", 1)[1].strip()
        return ""

    def status(self) -> dict[str, str]:
        """SIM, signal and network registration, as the modem reports them (for `sms test`)."""
        found = {}
        for key, command in (("sim", "AT+CPIN?"), ("signal", "AT+CSQ"), ("network", "AT+CREG?")):
            try:
                lines = self.command(command)
            except (SimProblem, Rejected, NoSignal) as error:
                found[key] = str(error)
                continue
            found[key] = next((line for line in lines if line.startswith("+")), "")
        return found

    # --- bytes in and out ---------------------------------------------------------------------

    def _write(self, data: bytes) -> None:
        try:
            self._serial.write(data)
            self._serial.flush()
        except (serial.SerialException, OSError) as error:
            raise ModemMissing(f"{self.port}: {error}") from None

    def _read_line(self, deadline: float) -> str | None:
        """One non-empty line, or None at the deadline."""
        buffer = b""
        while time.monotonic() < deadline:
            try:
                chunk = self._serial.read(1)
            except (serial.SerialException, OSError) as error:
                raise ModemMissing(f"{self.port}: {error}") from None
            if not chunk:
                continue
            if chunk == b"\n":
                text = buffer.strip().decode("ascii", "replace")
                if text:
                    return text
                buffer = b""
                continue
            buffer += chunk
        return None

    def _read_until_final(self, timeout: float, echo: str | None = None) -> list[str]:
        """Lines up to a final answer: OK returns them; an error answer raises."""
        deadline = time.monotonic() + timeout
        lines: list[str] = []
        while True:
            line = self._read_line(deadline)
            if line is None:
                raise ModemSilent(f"{self.port}: no answer in {timeout:g} s")
            if line == echo:
                continue
            if line == "OK":
                return lines
            if line.startswith(("+CMS ERROR:", "+CME ERROR:")):
                code = line.split(":", 1)[1].strip()
                raise cms_error(int(code) if code.isdigit() else -1, line)
            if line in ("ERROR", "NO CARRIER"):
                raise Rejected(line)
            lines.append(line)

    def _wait_for_prompt(self, timeout: float) -> None:
        """Wait for the "> " prompt after AT+CMGS (an error answer raises)."""
        deadline = time.monotonic() + timeout
        seen = b""
        while time.monotonic() < deadline:
            chunk = self._serial.read(1)
            if not chunk:
                continue
            seen += chunk
            if seen.endswith(b">"):
                return
            if seen.endswith(b"\n"):
                line = seen.strip().decode("ascii", "replace")
                seen = b""
                if line.startswith(("+CMS ERROR:", "+CME ERROR:")):
                    code = line.split(":", 1)[1].strip()
                    raise cms_error(int(code) if code.isdigit() else -1, line)
                if line == "ERROR":
                    raise Rejected(line)
        self._write(ESC)  # leave the prompt state if it came late
        raise ModemSilent(f"{self.port}: no prompt in {timeout:g} s")
