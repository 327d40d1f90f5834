"""Routes of the field PWA's shell: index, service worker, static modules, manifest, icons."""

from __future__ import annotations

from flask import Response, abort, send_from_directory

from kiosk.fieldapp import bp
from kiosk.fieldapp.shell import build_id, pwa_root, service_worker_source

MIMETYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".webmanifest": "application/manifest+json",
}


@bp.get("/")
def index() -> Response:
    """The app shell's only page; every screen is drawn by js/app.js."""
    return send_from_directory(pwa_root(), "index.html", mimetype="text/html", max_age=0)


@bp.get("/sw.js")
def service_worker() -> Response:
    """The service worker, with its build id; never cached, allowed to control /field/."""
    response = Response(service_worker_source(), mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/field/"
    response.headers["X-Field-Build"] = build_id()
    return response


@bp.get("/<path:name>")
def asset(name: str) -> Response:
    """A module, stylesheet, icon or the manifest of the shell."""
    if name.startswith(".") or "/." in name:
        abort(404)
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    return send_from_directory(pwa_root(), name, mimetype=MIMETYPES.get(suffix), max_age=0)
