"""Shared by the bench scripts: a real `satupintu serve` (gunicorn + gevent) in a subprocess,
and HTTP helpers. Nothing here is a benchmark by itself."""

from __future__ import annotations

import collections
import http.client
import json
import os
import platform
import re
import socket
import subprocess
import sys
import threading
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 60.0
KIOSK_COOKIE = "satupintu_kios"
# Only a paired kiosk may take a number: each server's kiosk cookie, by port (see request()).
_kiosk_cookies: dict[int, str] = {}


class Server:
    """`python -m kiosk.cli serve` in a subprocess on a free port; its output is drained.

    `setup` is the CLI command run first: "init-db" (an empty office) or "demo" (counters
    Loket 1-4 and the demo staff accounts, password "satupintu"). `env` adds settings.
    """

    def __init__(
        self,
        instance: Path,
        *,
        setup: str = "init-db",
        env: dict[str, str] | None = None,
    ) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.setup = setup
        self.env = {
            **os.environ,
            "SATUPINTU_INSTANCE_PATH": str(instance),
            "SATUPINTU_OFFICE_HOURS": "always",
            "SATUPINTU_PRINTER": "dummy:",
            "SATUPINTU_RECEIPT_PREVIEW_DIR": "",
            "SATUPINTU_BASE_URL": self.base_url,
            "SATUPINTU_SECRET_KEY": "bench-secret",
            # The load comes from 127.0.0.1, as from a kiosk: no per-client ticket limit.
            "SATUPINTU_STATUS_RATE_LIMIT_EXEMPT": '["127.0.0.1"]',
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self.output: collections.deque[str] = collections.deque(maxlen=200)
        self.process: subprocess.Popen | None = None
        self._listening = threading.Event()

    def start(self) -> None:
        """Run the setup command, then serve; return once serve prints "Kiosk: " (listening)."""
        init = subprocess.run(
            [sys.executable, "-m", "kiosk.cli", self.setup],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if init.returncode:
            raise RuntimeError(f"{self.setup} failed:\n{init.stdout}{init.stderr}")
        command = [sys.executable, "-m", "kiosk.cli", "serve", "--port", str(self.port)]
        # Warnings and errors go to stderr: read both as one stream.
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._drain, daemon=True).start()
        if not self._listening.wait(STARTUP_TIMEOUT) or self.process.poll() is not None:
            self.stop()
            raise RuntimeError("server did not start:\n" + "".join(self.output))
        _kiosk_cookies[self.port] = self._pair_kiosk()

    def _pair_kiosk(self) -> str:
        """Pair the load's kiosk as an office does: `satupintu kiosk-code`, the code typed at
        /kios/pasang; the kiosk's cookie."""
        made = subprocess.run(
            [sys.executable, "-m", "kiosk.cli", "kiosk-code", "--name", "Kios bench"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        code = re.search(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}\b", made.stdout).group(0)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", "/kios/pasang")
            page = conn.getresponse()
            session = SimpleCookie(page.getheader("Set-Cookie") or "")
            csrf = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.read())
            form = urllib.parse.urlencode({"code": code, "csrf_token": csrf.group(1).decode()})
            cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in session.items())
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
            conn.request("POST", "/kios/pasang", form, headers)
            paired = conn.getresponse()
            paired.read()
        finally:
            conn.close()
        for header in paired.headers.get_all("Set-Cookie") or []:
            morsel = SimpleCookie(header).get(KIOSK_COOKIE)
            if morsel is not None:
                return f"{KIOSK_COOKIE}={morsel.value}"
        raise RuntimeError(f"pairing the bench kiosk failed: {paired.status}")

    def _drain(self) -> None:
        assert self.process and self.process.stdout
        for line in self.process.stdout:
            self.output.append(line)
            if line.startswith("Kiosk: "):
                self._listening.set()
        self._listening.set()  # EOF: the process ended, let start() notice

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by the server's processes (print process too)."""
        assert self.process
        total = 0.0
        try:
            tree = psutil.Process(self.process.pid)
            for process in [tree, *tree.children(recursive=True)]:
                times = process.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            pass
        return total

    def memory(self) -> dict[str, int]:
        """VmRSS and VmHWM (peak) in KiB, summed over the server's processes (gunicorn's master,
        its worker and the print process), from /proc."""
        assert self.process
        values = {"VmRSS": 0, "VmHWM": 0}
        try:
            tree = psutil.Process(self.process.pid)
            pids = [tree.pid, *(child.pid for child in tree.children(recursive=True))]
        except psutil.Error:
            return {}
        for pid in pids:
            try:
                lines = Path(f"/proc/{pid}/status").read_text().splitlines()
            except OSError:
                continue
            for line in lines:
                key, _, rest = line.partition(":")
                if key in values:
                    values[key] += int(rest.split()[0])
        return values

    def stop(self) -> None:
        """Terminate, wait, close the pipe."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(conn: http.client.HTTPConnection, method: str, path: str, body=None, headers=None):
    """One request on a keep-alive connection; returns (status, body bytes). Tickets are taken
    by the server's paired kiosk."""
    headers = dict(headers or {})
    if path == "/api/v1/tickets" and conn.port in _kiosk_cookies:
        headers["Cookie"] = _kiosk_cookies[conn.port]
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def call_json(port: int, method: str, path: str, body=None, token: str | None = None):
    """One JSON request on a fresh connection; returns (status, decoded body or None)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        status, data = request(
            conn, method, path, json.dumps(body) if body is not None else None, headers
        )
    finally:
        conn.close()
    return status, json.loads(data) if data else None


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * pct // 100))
    return sorted_values[int(rank) - 1]


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    return {
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
    }
