"""Races on SQLite and PostgreSQL: eight copies of one op sent at once make one record and one
version row, and all get the same answer; eight different edits of one record at once are all
kept, each as its own version (the Kobo race, kobocat#859)."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import func, select
from sync_support import enrolled, household, op_body, put_op

from kiosk.extensions import db
from kiosk.models import Operation, SyncRecord, SyncRecordVersion

pytestmark = pytest.mark.data_layer

THREADS = 8


def _all_at_once(app, send) -> list:
    """Run `send(client, n)` in THREADS threads released together; their answers."""
    barrier = threading.Barrier(THREADS)
    answers: list = [None] * THREADS
    errors: list[BaseException] = []

    def run(n: int) -> None:
        client = app.test_client()
        try:
            barrier.wait()
            answers[n] = send(client, n)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert not errors, errors[:3]
    return answers


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_eight_copies_of_one_op_make_one_record(app, client):
    tablet = enrolled(app, client)
    body = op_body(household(3))
    op_id = str(uuid.uuid4())
    answers = _all_at_once(app, lambda c, _n: put_op(c, tablet, body, op_id))
    assert sorted({a.status_code for a in answers}) in ([200, 201], [201])
    assert len({repr(sorted(a.get_json().items())) for a in answers}) == 1
    assert answers[0].get_json()["status"] == "applied"
    with app.app_context():
        assert _count(SyncRecord) == 1 and _count(SyncRecordVersion) == 1
        assert _count(Operation) == 1


def test_eight_edits_of_one_record_at_once_are_all_kept(app, client):
    tablet = enrolled(app, client)
    create = op_body(household())
    assert put_op(client, tablet, create).status_code == 201

    def edit(c, n: int):
        fields = {**create["fields"], "address": f"Jl. Kenanga {n}"}
        return put_op(c, tablet, {**create, "base_version": 1, "fields": fields})

    answers = _all_at_once(app, edit)
    assert {a.status_code for a in answers} == {201}
    versions = sorted(a.get_json()["version"] for a in answers)
    assert versions == list(range(2, THREADS + 2))
    with app.app_context():
        record = db.session.scalar(select(SyncRecord))
        assert record.version == THREADS + 1
        rows = db.session.scalars(select(SyncRecordVersion)).all()
        assert sorted(r.version for r in rows) == list(range(1, THREADS + 2))
        incoming = {r.incoming["address"] for r in rows if r.version > 1}
        assert incoming == {f"Jl. Kenanga {n}" for n in range(THREADS)}
