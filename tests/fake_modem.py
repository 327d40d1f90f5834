"""A GSM modem on a pseudo-terminal that answers AT commands like a real one (for the AT
backend's tests): the backend opens the pty's slave path as its serial port."""

from __future__ import annotations

import os
import select
import threading


class FakeModem:
    """Answers on the master side of a pty. `mode`: "ok" (sends, reference 12), "cms38"
    (the network is out of order), "silent" (never answers)."""

    def __init__(self, mode: str = "ok") -> None:
        self.mode = mode
        self.master, self._slave = os.openpty()
        self.port = os.ttyname(self._slave)
        self.commands: list[str] = []
        self.sent: list[tuple[str, bytes]] = []
        self._echo = True  # a modem echoes commands until ATE0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> FakeModem:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(2)
        os.close(self.master)
        os.close(self._slave)

    def _say(self, text: str) -> None:
        os.write(self.master, text.encode("latin-1"))

    def _run(self) -> None:
        buffer = b""
        number = None
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                buffer += os.read(self.master, 1024)
            except OSError:
                return
            while True:
                if number is not None:  # typing the text after the prompt
                    if b"\x1a" not in buffer:
                        break
                    body, buffer = buffer.split(b"\x1a", 1)
                    self._finish_sms(number, body)
                    number = None
                    continue
                if b"\r" not in buffer:
                    break
                line, buffer = buffer.split(b"\r", 1)
                number = self._command(line.decode("latin-1").strip())

    def _command(self, command: str) -> str | None:
        """Answer one command; the number when it opened a message prompt."""
        if not command:
            return None
        self.commands.append(command)
        if self.mode == "silent":
            return None
        if self._echo:
            self._say(command + "\r")
        if command == "ATE0":
            self._echo = False
        if command.startswith("AT+CMGS="):
            self._say("\r\n> ")
            return command.split("=", 1)[1].strip('"')
        answers = {"AT+CPIN?": "+CPIN: READY", "AT+CSQ": "+CSQ: 18,99", "AT+CREG?": "+CREG: 0,1"}
        if command in answers:
            self._say(f"\r\n{answers[command]}\r\n")
        self._say("\r\nOK\r\n")
        return None

    def _finish_sms(self, number: str, body: bytes) -> None:
        if self.mode == "cms38":
            self._say("\r\n+CMS ERROR: 38\r\n")
            return
        self.sent.append((number, body))
        self._say("\r\n+CMGS: 12\r\n\r\nOK\r\n")
