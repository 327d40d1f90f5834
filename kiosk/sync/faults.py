"""The test-only fault switch of the sync API (app config SYNC_FAULTS, env
SATUPINTU_SYNC_FAULTS=1; never set by `make run`). Without it nothing here does anything and
`POST /__test__/faults` does not exist.

`POST /__test__/faults {"route": "ops"|"blobs", "mode": ..., "times": n}` arms the next n
calls of that route (`GET /__test__/faults` shows what is still armed):
- `commit_then_drop`: the call runs and commits, then the connection is shut down without an
  answer: under `satupintu serve` gunicorn's socket is shut, and the client sees the
  connection closed with no response (fetch rejects; nothing in the server log). Where no
  socket is reachable (Flask's test client) the answer is a 502 with an empty body.
- `http_500`: a 500 before anything is done.
- `fail_halfway`: the connection breaks halfway, the same way: a photo's upload after half of
  its bytes were read (nothing stored), an op before it runs.
"""

from __future__ import annotations

import socket
import threading

from flask import Blueprint, Flask, current_app, jsonify, request
from werkzeug.exceptions import InternalServerError

from kiosk.api.parser import ApiParser
from kiosk.sync.schemas import FaultRequestSchema

bp = Blueprint("sync_faults", __name__)
_LOCK = threading.Lock()


class DroppedHalfway(Exception):
    """The injected break in the middle of a request body."""


def enabled() -> bool:
    return bool(current_app.config.get("SYNC_FAULTS"))


def _armed() -> dict:
    return current_app.extensions.setdefault("satupintu.sync_faults", {})


def _take(route: str, modes: tuple[str, ...]) -> str | None:
    """Use up one armed fault of `route` if its mode is one of `modes`."""
    if not enabled():
        return None
    with _LOCK:
        fault = _armed().get(route)
        if not fault or fault["mode"] not in modes or fault["times"] < 1:
            return None
        fault["times"] -= 1
        return fault["mode"]


def before(route: str) -> None:
    """At the start of a sync call: an armed http_500 (or an op's fail_halfway) fires."""
    mode = _take(route, ("http_500",) if route == "blobs" else ("http_500", "fail_halfway"))
    if mode == "http_500":
        raise InternalServerError()
    if mode == "fail_halfway":
        _drop_connection()
        raise DroppedHalfway()


def stream(route: str, body):
    """The request body, breaking after half of it when fail_halfway is armed."""
    if _take(route, ("fail_halfway",)) is None:
        return body
    return _HalfStream(body, (request.content_length or 0) // 2)


def after(route: str, response, status: int):
    """After the call committed: commit_then_drop loses the answer."""
    if _take(route, ("commit_then_drop",)) is None:
        return response, status
    _drop_connection()
    return _empty(502)


class _HalfStream:
    def __init__(self, body, limit: int) -> None:
        self.body, self.left = body, limit

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            _drop_connection()
            raise DroppedHalfway()
        piece = self.body.read(min(size, self.left) if size and size > 0 else self.left)
        self.left -= len(piece)
        return piece


def _drop_connection() -> None:
    connection = request.environ.get("gunicorn.socket")
    if connection is None:
        return
    try:
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _empty(status: int):
    response = jsonify({})
    response.set_data(b"")
    response.mimetype = "text/plain"
    return response, status


@bp.post("/__test__/faults")
def arm():
    """Arm a fault: {"route", "mode", "times"}."""
    body = ApiParser().parse(FaultRequestSchema(), request, location="json")
    with _LOCK:
        _armed()[body["route"]] = {"mode": body["mode"], "times": body["times"]}
    return jsonify(armed=body), 200


@bp.get("/__test__/faults")
def armed():
    """What is still armed, per route: a test sees whether its fault fired."""
    with _LOCK:
        return jsonify({route: dict(fault) for route, fault in _armed().items()}), 200


def register_faults(app: Flask) -> None:
    """Only with SYNC_FAULTS: the route exists, CSRF-exempt."""
    if not app.config.get("SYNC_FAULTS"):
        return
    from kiosk.extensions import csrf

    app.register_blueprint(bp)
    csrf.exempt(bp)

    @app.errorhandler(DroppedHalfway)
    def _dropped(_error):
        from kiosk.extensions import db

        db.session.rollback()
        return _empty(502)
