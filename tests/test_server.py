"""`satupintu serve`: gunicorn settings, the scheme flags, and what the master may import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kiosk.server import ServeOptions, gunicorn_settings
from kiosk.tls.certificates import ServerFiles

# Made at import time with a lock or condition: imported before gevent patches the worker,
# they would hold real OS locks, and one greenlet waiting on one would stall every other.
APP_MODULES = ["kiosk.db", "kiosk.display.bus", "kiosk.cache", "kiosk.printing.process"]

MASTER_IMPORTS = """
import sys
from kiosk import server
server.SatuPintuServer.run = lambda self: print(sorted(m for m in sys.modules if m in {apps}))
from kiosk.cli import main
main(["serve", "--port", "1"])
"""


def run_cli(tmp_path: Path, *args: str, code: str | None = None, **env: str):
    base = {k: v for k, v in os.environ.items() if not k.startswith("SATUPINTU_")}
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "kiosk.cli", *args]
    return subprocess.run(
        command,
        env={**base, "SATUPINTU_INSTANCE_PATH": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_one_gevent_worker_with_many_connections_and_tls_when_asked():
    files = ServerFiles(Path("/i/tls/server.pem"), Path("/i/tls/server.key"), Path("/i/ca.pem"))
    settings = gunicorn_settings(ServeOptions("0.0.0.0", 8080, connections=500), files)
    assert settings["worker_class"] == "gevent" and settings["workers"] == 1
    assert settings["worker_connections"] == 500 and settings["bind"] == ["0.0.0.0:8080"]
    assert (
        settings["certfile"] == "/i/tls/server.pem" and settings["keyfile"] == "/i/tls/server.key"
    )
    plain = gunicorn_settings(ServeOptions("::1", 8000), None)
    assert plain["bind"] == ["[::1]:8000"] and "certfile" not in plain


def test_the_master_builds_no_app_before_gevent_patches_the_worker(tmp_path):
    result = run_cli(tmp_path, code=MASTER_IMPORTS.format(apps=APP_MODULES))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_https_and_behind_proxy_exclude_each_other(tmp_path):
    result = run_cli(tmp_path, "serve", "--https", "--behind-proxy")
    assert result.returncode == 2 and "exclude each other" in result.stderr


def test_a_wrong_setting_stops_serve_with_a_message_not_a_traceback(tmp_path):
    result = run_cli(tmp_path, "serve", SATUPINTU_TIMEZONE="Mars/Olympus")
    assert result.returncode == 1
    assert "SATUPINTU_TIMEZONE" in result.stderr and "Traceback" not in result.stderr
