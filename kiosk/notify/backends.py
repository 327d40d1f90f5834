"""SATUPINTU_SMS URL -> a sender, as printers are chosen by URL.

- `dummy:` accepts and forgets (`dummy:?fault=no_modem` fails on purpose, for demos);
- `file:/path/sms.jsonl` appends one JSON line per message (tests, demos);
- `at:///dev/ttyUSB0?baud=115200&timeout=10` speaks AT commands to a GSM modem (pyserial);
- `gammu-smsd:/var/spool/gammu/outbox/` hands each message to a running gammu-smsd "files"
  service and reads its `sent`/`error` folders (siblings of the outbox unless `?sent=`,
  `?error=` say otherwise) for the outcome;
- `gammu://` (or `gammu:///etc/gammurc?section=0`) uses python-gammu, when it is installed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from kiosk.notify.errors import (
    ModemMissing,
    NoSignal,
    OutputError,
    Rejected,
    SimProblem,
    SmsConfigError,
    SmsError,
    SpoolFailed,
)

ACCEPTED_FORMS = (
    "dummy:, file:/path/sms.jsonl, at:///dev/ttyUSB0?baud=115200, "
    "gammu-smsd:/var/spool/gammu/outbox/, gammu://"
)
SENT, ERROR = "sent", "error"


@dataclass(frozen=True)
class Handed:
    """A message the backend took: its reference, and whether it is sent already (False: a
    spool that reports the outcome later, through `check`)."""

    reference: str
    confirmed: bool = True


class Sender:
    """One way out for SMS."""

    url: str = ""
    spool = False  # True: outcomes come later through check()

    def send(self, phone: str, body: str) -> Handed:
        raise NotImplementedError

    def check(self, reference: str) -> str | None:
        """A spooled message's outcome: SENT, ERROR, or None while it waits."""
        return SENT


class DummySender(Sender):
    """Accepts every message and keeps nothing (or fails with `fault`)."""

    _numbers = itertools.count(1)
    FAULTS = {
        "no_modem": ModemMissing,
        "sim": SimProblem,
        "no_signal": NoSignal,
        "rejected": Rejected,
    }

    def __init__(self, fault: str = "") -> None:
        self.fault = fault

    def send(self, phone: str, body: str) -> Handed:
        if self.fault:
            raise self.FAULTS[self.fault]("dummy:?fault=" + self.fault)
        return Handed(f"dummy-{next(self._numbers)}")


class FileSender(Sender):
    """Appends {"to", "body", "at"} as one JSON line per message to `path`."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)

    def send(self, phone: str, body: str) -> Handed:
        line = {"to": phone, "body": body, "at": dt.datetime.now(dt.UTC).isoformat()}
        try:
            with self.path.open("a", encoding="utf-8") as out:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                offset = out.tell()
        except OSError as error:
            raise OutputError(f"{self.path}: {error.strerror or error}") from None
        return Handed(f"file@{offset}")


class AtSender(Sender):
    """A GSM modem on a serial port, through AT commands (kiosk.notify.at_modem)."""

    def __init__(self, port: str, baudrate: int, timeout: float) -> None:
        self.port, self.baudrate, self.timeout = port, baudrate, timeout

    def modem(self):
        from kiosk.notify.at_modem import AtModem

        return AtModem(self.port, self.baudrate, self.timeout)

    def send(self, phone: str, body: str) -> Handed:
        with self.modem() as modem:
            modem.prepare()
            return Handed(modem.send_sms(phone, body) or "?")


class GammuSpoolSender(Sender):
    """gammu-smsd's FILES service: one OUT... file per message in its outbox; the daemon
    moves it to `sent` or `error` under the same name."""

    spool = True

    def __init__(self, outbox: str, sent: str | None, error: str | None) -> None:
        self.outbox = Path(outbox)
        self.sent = Path(sent) if sent else self.outbox.parent / "sent"
        self.error = Path(error) if error else self.outbox.parent / "error"

    def send(self, phone: str, body: str) -> Handed:
        now = dt.datetime.now()
        # OUT<priority><date>_<time>_<serial>_<number>_<anything>.txt; the daemon sends in
        # file-name order and reads the number from the name.
        name = f"OUTB{now:%Y%m%d_%H%M%S}_00_{phone}_sp{uuid.uuid4().hex[:10]}.txt"
        data = body.encode("ascii") if body.isascii() else b"\xff\xfe" + body.encode("utf-16-le")
        temporary = self.outbox / f".{name}.part"  # the daemon skips hidden files
        try:
            temporary.write_bytes(data)
            os.replace(temporary, self.outbox / name)
        except OSError as error:
            raise OutputError(f"{self.outbox}: {error.strerror or error}") from None
        return Handed(name, confirmed=False)

    def check(self, reference: str) -> str | None:
        if (self.sent / reference).exists():
            return SENT
        if (self.error / reference).exists():
            return ERROR
        if (self.outbox / reference).exists():
            return None
        return SENT  # gone without a sent folder configured: the daemon deletes sent files


class PythonGammuSender(Sender):
    """python-gammu's StateMachine, configured from a gammurc file."""

    def __init__(self, config: str | None, section: int) -> None:
        try:
            import gammu  # noqa: F401
        except ImportError:
            raise SmsConfigError(
                "gammu:// needs python-gammu (apt install python3-gammu, or pip install "
                "python-gammu); or use gammu-smsd:/var/spool/gammu/outbox/"
            ) from None
        self.config, self.section = config, section

    def send(self, phone: str, body: str) -> Handed:
        import gammu

        machine = gammu.StateMachine()
        try:
            machine.ReadConfig(Section=self.section, Filename=self.config)
            machine.Init()
            try:
                reference = machine.SendSMS(
                    {"Text": body, "SMSC": {"Location": 1}, "Number": phone}
                )
            finally:
                machine.Terminate()
        except gammu.GSMError as error:
            raise _gammu_error(error) from None
        return Handed(str(reference))


def _gammu_error(error) -> SmsError:
    info = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
    where = info.get("Where", "")
    text = f"{info.get('Text', error)} ({where})" if where else str(info.get("Text", error))
    name = type(error).__name__
    if name in ("ERR_DEVICENOTEXIST", "ERR_DEVICEOPENERROR", "ERR_DEVICEBUSY", "ERR_NOTCONNECTED"):
        return ModemMissing(text)
    if name in ("ERR_NOSIM", "ERR_SECURITYERROR", "ERR_GETTING_SMSC"):
        return SimProblem(text)
    if name in ("ERR_TIMEOUT",):
        return NoSignal(text)
    return Rejected(text)


def _bad(url: str, why: str) -> SmsConfigError:
    return SmsConfigError(f"bad SMS URL {url!r}: {why}. Accepted forms: {ACCEPTED_FORMS}")


def make_sender(url: str) -> Sender:
    """The sender for a SATUPINTU_SMS URL, or SmsConfigError."""
    url = (url or "").strip()
    parts = urlsplit(url)
    try:
        query = dict(parse_qsl(parts.query, strict_parsing=True)) if parts.query else {}
    except ValueError:
        raise _bad(url, "malformed options after '?'") from None
    scheme = parts.scheme.lower()
    path = unquote(parts.netloc + parts.path) if scheme == "at" else unquote(parts.path)
    sender: Sender
    if scheme == "dummy":
        fault = query.get("fault", "")
        if fault and fault not in DummySender.FAULTS:
            raise _bad(url, f"fault must be one of {', '.join(DummySender.FAULTS)}")
        sender = DummySender(fault)
    elif scheme == "file":
        if not path:
            raise _bad(url, "a file path is required")
        sender = FileSender(path)
    elif scheme == "at":
        baud, timeout = query.get("baud", "115200"), query.get("timeout", "10")
        if not path or not baud.isdigit() or not re.fullmatch(r"\d+(\.\d+)?", timeout):
            raise _bad(url, "use at:///dev/ttyUSB0?baud=115200&timeout=10")
        sender = AtSender(path, int(baud), float(timeout))
    elif scheme == "gammu-smsd":
        if not path:
            raise _bad(url, "the outbox folder is required")
        sender = GammuSpoolSender(path, query.get("sent"), query.get("error"))
    elif scheme == "gammu":
        section = query.get("section", "0")
        if not section.isdigit():
            raise _bad(url, "section must be a number")
        sender = PythonGammuSender(path or None, int(section))
    else:
        raise _bad(url, f"unknown scheme {scheme + ':' if scheme else '(none)'}")
    sender.url = url
    return sender


__all__ = ["ERROR", "SENT", "Handed", "Sender", "SpoolFailed", "make_sender"]
