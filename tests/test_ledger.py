"""The operation ledger: one effect per op, identical answers, 409 for a reused op id, and
any replay order with duplicates ends in the state of one clean pass."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event, func, select

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import Operation, Person, Ticket
from kiosk.sync.ledger import OperationReused, request_hash, run_once

API = "/api/v1"


def create_person(public_id: str, name: str):
    """A create keyed on its client-made UUID, like the PWA's ops."""

    def operation() -> tuple[int, dict]:
        if db.session.scalar(select(Person.id).where(Person.uuid == public_id)) is None:
            db.session.add(
                Person(uuid=public_id, name=name, name_key=name.lower(), created_at=clock.now())
            )
            db.session.commit()
        return 201, {"uuid": public_id, "name": name}

    return operation


def run(op: tuple[str, str, str]):
    op_id, public_id, name = op
    body = {"uuid": public_id, "name": name}
    return run_once("tablet-1", op_id, ("PUT", f"/sync/ops/{op_id}", body), create_person(*op[1:]))


def state() -> tuple[set, set]:
    people = {(p.uuid, p.name) for p in db.session.scalars(select(Person))}
    answers = {(o.op_id, o.status, str(o.response)) for o in db.session.scalars(select(Operation))}
    return people, answers


def test_same_op_twice_is_one_effect_with_identical_answers(ctx):
    op = ("op-1", "00000000-0000-4000-8000-000000000001", "Siti")
    first, again = run(op), run(op)
    assert (first.status, first.body) == (again.status, again.body) and again.replayed
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1


def test_same_op_id_with_another_body_is_a_409_with_a_clear_message(ctx):
    run(("op-1", "00000000-0000-4000-8000-000000000001", "Siti"))
    with pytest.raises(OperationReused) as refused:
        run(("op-1", "00000000-0000-4000-8000-000000000001", "Sitti"))
    assert refused.value.status == 409
    assert "sudah dipakai untuk permintaan lain" in refused.value.message


def test_request_hash_is_canonical():
    assert request_hash("post", "/a", {"b": 1, "a": [1, 2]}) == request_hash(
        "POST", "/a", {"a": [1, 2], "b": 1}
    )
    assert request_hash("POST", "/a", {"a": 1}) != request_hash("POST", "/b", {"a": 1})


OPS = [(f"op-{i}", f"00000000-0000-4000-8000-{i:012d}", f"Warga {i}") for i in range(1000)]
CLEAN: dict = {}


@pytest.fixture
def fast_commits(ctx):
    """Thousands of commits: skip the power-cut fsync (tests/test_sqlite_durability covers it)."""

    def no_sync(dbapi_connection, record, proxy) -> None:
        dbapi_connection.execute("PRAGMA synchronous=OFF")

    event.listen(db.engine, "checkout", no_sync)
    yield ctx
    event.remove(db.engine, "checkout", no_sync)


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1), duplicates=st.integers(0, 500))
def test_replay_in_any_order_with_duplicates_ends_like_one_clean_pass(
    fast_commits, seed, duplicates
):
    """1,000 ops, shuffled, some sent again: the same people and answers as one clean pass."""
    if not CLEAN:  # one clean pass, in order, each op once (the same for every example)
        _empty()
        CLEAN["answers"] = {op[0]: run(op).body for op in OPS}
        CLEAN["state"] = state()
    _empty()
    rng = random.Random(seed)
    replay = OPS + [rng.choice(OPS) for _ in range(duplicates)]
    rng.shuffle(replay)
    for op in replay:
        assert run(op).body == CLEAN["answers"][op[0]]
    assert state() == CLEAN["state"]


def _empty() -> None:
    for table in (Operation, Person):
        db.session.execute(delete(table))
    db.session.commit()


def take(client, headers=None, **body):
    return client.post(f"{API}/tickets", json={"service": "ktp-baru", **body}, headers=headers)


def test_idempotency_key_reused_with_another_service_is_a_409(app, client):
    first = take(client, {"Idempotency-Key": "tap-1"})
    again = take(client, {"Idempotency-Key": "tap-1"})
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json()
    assert again.headers["Idempotent-Replay"] == "true"
    other = client.post(
        f"{API}/tickets", json={"service": "kk-baru"}, headers={"Idempotency-Key": "tap-1"}
    )
    assert other.status_code == 409, other.get_json()
    assert other.get_json()["error"] == "idempotency_conflict"
    assert "sudah dipakai untuk permintaan lain" in other.get_json()["message"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ticket)) == 1


def test_idempotency_key_is_per_client(app, client):
    """Another kiosk's key of the same text is another operation, not its ticket."""
    here = take(client, {"Idempotency-Key": "tap-1"}).get_json()
    there = client.post(
        f"{API}/tickets",
        json={"service": "kk-baru"},
        headers={"Idempotency-Key": "tap-1"},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert there.status_code == 201 and there.get_json()["number"] != here["number"]
