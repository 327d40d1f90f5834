"""The field PWA's files on disk, and the build id that names its service-worker cache.

The build id is a hash of every shell file, so any change to the app makes a new cache
(`sp-field-<build>`) and the tablet's service worker updates; data never lives in that cache.
`SATUPINTU_FIELD_BUILD_SALT` mixes into the hash (a deploy, or a test, can force an update).
Both are computed once per server process: a changed file is served after a restart.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from flask import current_app

ROOT = Path(__file__).resolve().parents[2] / "field_pwa"
SERVICE_WORKER = "sw.js"
# Shipped for their licences; never loaded by the app, so not precached.
NOT_SHELL = (".txt", ".md")


def pwa_root() -> Path:
    """The folder holding index.html, sw.js, js/, css/, icons/ (FIELD_PWA_DIR overrides)."""
    return Path(current_app.config.get("FIELD_PWA_DIR") or ROOT)


def shell_files() -> list[str]:
    """Every file the service worker precaches, as URLs under /field/ (index first)."""
    return _shell_files(pwa_root())


@cache
def _shell_files(root: Path) -> list[str]:
    names = sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and path.name != SERVICE_WORKER and not path.name.endswith(NOT_SHELL)
    )
    names.remove("index.html")
    return ["/field/", *(f"/field/{name}" for name in names)]


def build_id() -> str:
    """A short hash over the shell files' bytes (plus the configured salt)."""
    return _build_id(pwa_root(), str(current_app.config.get("FIELD_BUILD_SALT") or ""))


@cache
def _build_id(root: Path, salt: str) -> str:
    digest = hashlib.sha256(salt.encode())
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def service_worker_source() -> str:
    """sw.js, preceded by the build id and the file list it precaches."""
    build, files = json.dumps(build_id()), json.dumps(shell_files())
    preamble = f"const SHELL_BUILD = {build};\nconst SHELL_FILES = {files};\n"
    return preamble + (pwa_root() / SERVICE_WORKER).read_text(encoding="utf-8")
