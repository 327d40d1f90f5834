"""Support for browser tests: a live `satupintu serve`, viewports, screenshots."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from pathlib import Path
from typing import ClassVar

# A line like these in a live server's log fails the e2e test during which it was written.
LOG_PROBLEMS = ("CSP violation", "Traceback")
CHROMIUM = os.environ.get("SATUPINTU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SCREENS = ARTIFACTS / "screens"
KIOSK_COOKIE = "satupintu_kios"
PAIRING_CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}\b")
PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """A real `satupintu serve` (gunicorn + gevent) on a free port with its own instance folder.

    Plain HTTP on 127.0.0.1 (a secure context) unless `https`: then `serve --https`, with the
    office CA the server makes in the instance folder (`ca_file`). A non-loopback `host`
    ("0.0.0.0", as `make run` on the LAN) always serves HTTPS, still reached via 127.0.0.1."""

    # every server of the run, for the log check in conftest
    started: ClassVar[list[LiveServer]] = []

    def __init__(
        self,
        root: Path,
        *,
        demo: bool = False,
        https: bool = False,
        host: str = "127.0.0.1",
        **settings: str,
    ) -> None:
        self.root = root
        self.host = host
        self.demo = demo  # seed the demo office: counters Loket 1-4, staff logins, past tickets
        self.https = https or not host.startswith("127.")
        self.port = free_port()
        self.url = f"{'https' if self.https else 'http'}://127.0.0.1:{self.port}"
        self.receipts = root / "receipts"
        self.env = {
            **os.environ,
            "SATUPINTU_INSTANCE_PATH": str(root),
            "SATUPINTU_SECRET_KEY": "e2e-secret",
            "SATUPINTU_OFFICE_NAME": "Kantor Desa Sukamaju",
            "SATUPINTU_OFFICE_HOURS": "always",
            "SATUPINTU_BASE_URL": self.url,
            "SATUPINTU_PRINTER": f"file:{root / 'printer.bin'}",
            "SATUPINTU_RECEIPT_PREVIEW_DIR": str(self.receipts),
            # The kiosk browser runs on the server PC: exempt, as an office would set it.
            "SATUPINTU_STATUS_RATE_LIMIT_EXEMPT": '["127.0.0.1"]',
            **{f"SATUPINTU_{key}": value for key, value in settings.items()},
        }
        self.process: subprocess.Popen | None = None
        self._problems: list[str] = []  # LOG_PROBLEMS lines not yet taken by a check
        self._kiosk_token: str | None = None
        self._logged = threading.Condition()

    def start(self) -> LiveServer:
        setup = "demo" if self.demo else "init-db"
        subprocess.run([*self.cli, setup], env=self.env, check=True, capture_output=True)
        return self._serve()

    def restart(self) -> LiveServer:
        """Stop the server and serve the same database again on the same port."""
        self.stop()
        return self._serve()

    @property
    def cli(self) -> list[str]:
        return [sys.executable, "-m", "kiosk.cli"]

    @property
    def ca_file(self) -> Path:
        """The office CA certificate (made by the first HTTPS start)."""
        return self.root / "tls" / "ca.pem"

    def _serve(self) -> LiveServer:
        if self not in LiveServer.started:
            LiveServer.started.append(self)
        self.process = subprocess.Popen(
            [
                *self.cli,
                "serve",
                "--host",
                self.host,
                "--port",
                str(self.port),
                *(["--https"] if self.https and self.host.startswith("127.") else []),
            ],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so power_cut() takes the printer too
        )
        listening = threading.Event()
        self._drainer = threading.Thread(target=self._drain, args=(listening,), daemon=True)
        self._drainer.start()
        if not listening.wait(timeout=30):
            self.stop()
            raise RuntimeError("server did not start: " + self.log.read_text())
        return self

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def _drain(self, listening: threading.Event) -> None:
        """Copy the server's output to server.log; flag when the server is listening."""
        with self.log.open("ab") as sink:  # a restart appends
            for line in self.process.stdout:
                sink.write(line)
                sink.flush()
                if line.startswith(b"Kiosk: "):
                    listening.set()
                text = line.decode("utf-8", "replace").rstrip()
                with self._logged:
                    if any(marker in text for marker in LOG_PROBLEMS):
                        self._problems.append(text)
                    self._logged.notify_all()

    def kiosk_token(self) -> str:
        """The token of this server's test kiosk, paired once per server the way an office
        does it: `satupintu kiosk-code`, then the code typed at /kios/pasang."""
        if self._kiosk_token is None:
            made = subprocess.run(
                [*self.cli, "kiosk-code", "--name", "Kios uji"],
                env=self.env,
                check=True,
                capture_output=True,
                text=True,
            )
            code = PAIRING_CODE.search(made.stdout).group(0)
            jar = http.cookiejar.CookieJar()
            handlers = [urllib.request.HTTPCookieProcessor(jar)]
            if self.https:
                trusted = ssl.create_default_context(cafile=str(self.ca_file))
                handlers.append(urllib.request.HTTPSHandler(context=trusted))
            browser = urllib.request.build_opener(*handlers)
            form = browser.open(self.url + "/kios/pasang", timeout=30).read().decode()
            csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
            typed = urllib.parse.urlencode({"code": code, "csrf_token": csrf}).encode()
            headers = {"Referer": self.url + "/kios/pasang"}
            pairing = urllib.request.Request(self.url + "/kios/pasang", typed, headers)
            browser.open(pairing, timeout=30).read()
            self._kiosk_token = next(c.value for c in jar if c.name == KIOSK_COOKIE)
        return self._kiosk_token

    def kiosk_context(self, browser, **options):
        """A browser context that is this server's paired kiosk (its cookie, paired once)."""
        context = browser.new_context(**options)
        context.add_cookies([self.kiosk_cookie()])
        return context

    def kiosk_cookie(self) -> dict:
        """The paired kiosk's cookie, as Playwright's add_cookies takes it."""
        return {
            "name": KIOSK_COOKIE,
            "value": self.kiosk_token(),
            "url": self.url,
            "httpOnly": True,
            "sameSite": "Strict",
        }

    def take_problems(self) -> list[str]:
        """The CSP-violation and traceback lines logged since the last call."""
        with self._logged:
            problems, self._problems = self._problems, []
        return problems

    def wait_for_problem(self, fragment: str, timeout: float = 10) -> str:
        """Wait until a problem line holding `fragment` is logged (not taken); that line."""

        def found() -> str | None:
            return next((line for line in self._problems if fragment in line), None)

        with self._logged:
            line = self._logged.wait_for(found, timeout=timeout)
        assert line, f"no log line with {fragment!r} within {timeout} s"
        return line

    def wait_for_log(self, fragment: str, timeout: float = 30) -> None:
        """Wait until the server log holds `fragment` (the worker logs after "Kiosk: ")."""

        def logged() -> bool:
            return fragment in self.log.read_text(errors="replace")

        with self._logged:
            assert self._logged.wait_for(logged, timeout=timeout), f"no {fragment!r} in the log"

    def power_cut(self) -> None:
        """kill -9 the server and its print process at once, as a power cut would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.process:
            self._drainer.join(timeout=10)
            self.process.stdout.close()


def log_problems(servers: list[LiveServer]) -> list[str]:
    """Take every server's new problem lines, each prefixed with the log it came from."""
    return [f"{server.log}: {line}" for server in servers for line in server.take_problems()]


def shoot(page, name: str) -> Path:
    """Save a screenshot as tests/artifacts/screens/<name>-<w>x<h>.png."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    path = SCREENS / f"{name}-{size['width']}x{size['height']}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def log_in(page, server: LiveServer, username: str, password: str = "satupintu") -> None:
    """Log a demo staff member in through the /masuk form."""
    page.goto(server.url + "/masuk")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def kiosk_headers(server: LiveServer) -> dict[str, str]:
    """The Cookie header of the server's paired kiosk, for requests outside a kiosk context."""
    return {"Cookie": f"{KIOSK_COOKIE}={server.kiosk_token()}"}


def take_by_api(request, server: LiveServer, service: str, priority: bool = False) -> str:
    """Issue a ticket through POST /api/v1/tickets as the server's paired kiosk; its number."""
    response = request.post(
        server.url + "/api/v1/tickets",
        data={"service": service, "priority": priority},
        headers=kiosk_headers(server),
    )
    assert response.status == 201, response.text()
    return response.json()["number"]


def fill_applicant(
    form, *, nik: str, name: str, birth_date: str, sex: str, kk: str, **place
) -> None:
    """Type an applicant into the counter's intake form (`place`: address, rt, rw, dusun)."""
    form.locator("#nik").fill(nik)
    form.locator("#name").fill(name)
    form.locator("#birth_date").fill(birth_date)
    form.locator("#sex").select_option(sex)
    form.locator("#kk").fill(kk)
    for field in ("address", "rt", "rw", "dusun"):
        if field in place:
            form.locator(f"#{field}").fill(place[field])
