"""The field PWA's shell at /field/: what the service worker precaches and how it is served
(the client itself is tested in Chromium: tests/e2e/test_field_pwa_client.py)."""

from __future__ import annotations

import json
import re

from kiosk.fieldapp.shell import ROOT


def fetch(client, url: str) -> tuple[int, str, bytes]:
    """Status, type and body of a GET; the file response is closed (no ResourceWarning)."""
    response = client.get(url)
    try:
        return response.status_code, response.mimetype, response.get_data()
    finally:
        response.close()


def test_the_service_worker_names_its_build_and_every_shell_file(app, client):
    response = client.get("/field/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/field/"
    assert response.headers["Cache-Control"] == "no-store"  # always fetched fresh
    lines = response.get_data(as_text=True).splitlines()
    build = json.loads(lines[0].removeprefix("const SHELL_BUILD = ").rstrip(";"))
    files = json.loads(lines[1].removeprefix("const SHELL_FILES = ").rstrip(";"))
    assert build == response.headers["X-Field-Build"]
    on_disk = {
        "/field/" + path.relative_to(ROOT).as_posix()
        for path in ROOT.rglob("*")
        if path.is_file() and path.suffix not in (".txt", ".md") and path.name != "sw.js"
    }
    assert files[0] == "/field/" and set(files[1:]) == on_disk - {"/field/index.html"}
    answers = [fetch(client, url) for url in files]
    assert [status for status, _, _ in answers] == [200] * len(files)  # cache.addAll needs all
    assert sum(len(body) for _, _, body in answers) <= 300 * 1024  # issue 12, point 8


def test_a_salt_makes_a_new_build(app, client):
    first = client.get("/field/sw.js").headers["X-Field-Build"]
    app.config["FIELD_BUILD_SALT"] = "next"
    assert client.get("/field/sw.js").headers["X-Field-Build"] != first


def test_shell_files_have_their_types_and_nothing_else_is_served(client):
    types = {
        "/field/": "text/html",
        "/field/manifest.webmanifest": "application/manifest+json",
        "/field/js/vendor/dexie-4.4.7.mjs": "text/javascript",
        "/field/js/app.js": "text/javascript",
        "/field/css/field.css": "text/css",
        "/field/icons/icon-192.png": "image/png",
    }
    for url, mimetype in types.items():
        assert fetch(client, url)[:2] == (200, mimetype), url
    for url in ("/field/nope.js", "/field/../kiosk/__init__.py", "/field/%2e%2e/pyproject.toml"):
        assert fetch(client, url)[0] == 404, url
    manifest = json.loads(fetch(client, "/field/manifest.webmanifest")[2])
    assert (manifest["start_url"], manifest["scope"]) == ("/field/", "/field/")


def test_the_shell_page_has_no_inline_script_or_style():
    html = (ROOT / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "style=" not in html and "<style" not in html
    for path in (ROOT / "js").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        for forbidden in (
            r"\beval\(",
            r"new Function",
            r"\.innerHTML\s*=",
            r"setAttribute\(\s*.style",
        ):
            assert not re.search(forbidden, text), (path.name, forbidden)
