"""The operation ledger: run an operation once per (client, op id), answer replays from it.

The same op again gets the stored answer, byte for byte; the same op id with a different
request is a 409, never another op's answer. The unique (client_id, op_id) key is the
guarantee. An operation runs before its answer is stored, so it must be keyed on its own
natural id too (a ticket's request token, a record's client-made UUID): two copies racing
in at once then make one effect, and the loser reads the winner's stored answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiosk import clock
from kiosk.db import write_lock
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import Operation


class OperationReused(DomainError):
    """The op id was used before for a different request."""

    code = "idempotency_conflict"
    status = 409


@dataclass(frozen=True)
class Answer:
    """What to send back: the status, the JSON body, and whether it is a stored replay."""

    status: int
    body: dict
    replayed: bool = False


def request_hash(method: str, path: str, body: object) -> str:
    """SHA-256 of the method, the path and the body as canonical JSON."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{method.upper()} {path}\n{canonical}".encode()).hexdigest()


def scoped_token(client_id: str, op_id: str) -> str:
    """A natural key for the operation's own row (64 hex): one client's op id never names
    another client's record."""
    return hashlib.sha256(f"{client_id}\n{op_id}".encode()).hexdigest()


def run_once(
    client_id: str,
    op_id: str,
    request: tuple[str, str, object],
    operation: Callable[[], tuple[int, dict]],
) -> Answer:
    """Run `operation` (→ status, JSON body) once for this client's op id; `request` is
    (method, path, body). A domain error stores nothing, so the client may retry."""
    digest = request_hash(*request)
    earlier = _stored(client_id, op_id)
    if earlier is not None:
        return _replay(earlier, digest)
    status, body = operation()
    entry = Operation(
        client_id=client_id,
        op_id=op_id,
        request_hash=digest,
        status=status,
        response=body,
        created_at=clock.now(),
    )
    try:
        with write_lock():
            db.session.add(entry)
            db.session.commit()
    except IntegrityError:  # the same op id came in twice at once: the other one was stored
        db.session.rollback()
        return _replay(_stored(client_id, op_id), digest)
    return Answer(status, body)


def _stored(client_id: str, op_id: str) -> Operation | None:
    query = select(Operation).where(Operation.client_id == client_id, Operation.op_id == op_id)
    return db.session.scalar(query)


def _replay(earlier: Operation, digest: str) -> Answer:
    if earlier.request_hash != digest:
        raise OperationReused(
            _(
                "Kode permintaan (Idempotency-Key) ini sudah dipakai untuk permintaan lain. "
                "Buat kode baru untuk permintaan baru."
            )
        )
    return Answer(earlier.status, earlier.response, replayed=True)
