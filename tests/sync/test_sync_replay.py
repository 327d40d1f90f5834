"""A seeded random replay of the sync protocol (200 seeds, research §7.4): per seed a
household edited in a chain and a DTKS visit with photos; ops and photos are sent shuffled,
duplicated, with answers lost (sent again later), photos corrupted first, and one photo
sometimes never sent; everything is resent until the server has acknowledged it all.

Invariants: one record per UUID; one version row per op, versions 1..n; nothing lost (the
last edit's fields are the record's, a replay answers what the first send answered); a
record is complete exactly when all its photos are held.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select
from sync_support import enrolled, household, jpeg, op_body, put_blob, put_op

from kiosk.extensions import db
from kiosk.models import SyncRecord, SyncRecordVersion

SEEDS = 200
MAX_ROUNDS = 40


@pytest.fixture
def app_config(app_config) -> dict:
    """In-memory SQLite, and the forms' per-process memo on as in production (TESTING off):
    the protocol's logic is under test here, not the disk or the catalogue's freshness."""
    return {**app_config, "DATABASE_URL": "sqlite://", "TESTING": False}


@dataclass
class Event:
    """One thing to send: an op (op id, body) or a photo (bytes, sha256)."""

    kind: str
    key: str
    payload: object
    record_id: str
    acknowledged: bool = False
    answers: list = field(default_factory=list)


def _scenario(rng: random.Random, seed: int) -> tuple[list[Event], dict, set[str]]:
    """The events of one seed, the last fields of each household, and the photos never sent."""
    events, last_fields = [], {}
    homes = []
    for _home in range(1):
        create = op_body(household(rng.randint(1, 3)))
        homes.append(create["record_id"])
        chain = [create]
        for version in range(1, rng.randint(0, 2) + 1):
            fields = {**chain[-1]["fields"], "rt": f"{rng.randint(1, 999):03d}"}
            if rng.random() < 0.5:
                fields["address"] = f"Jl. Acak {rng.randint(1, 99)}"
            chain.append({**create, "base_version": version, "fields": fields})
        last_fields[create["record_id"]] = chain[-1]["fields"]
        events += [Event("op", str(uuid.uuid4()), body, create["record_id"]) for body in chain]
    photos = [jpeg(seed * 10 + n, size=256) for n in range(rng.randint(1, 2))]
    visit = op_body(
        {"household": homes[0], "outcome": "ditemui", "house_photos": [s for _d, s in photos]},
        form="dtks_visit",
        blobs=[s for _d, s in photos],
    )
    events.append(Event("op", str(uuid.uuid4()), visit, visit["record_id"]))
    never = {photos[0][1]} if rng.random() < 0.25 else set()
    events += [
        Event("blob", sha, data, visit["record_id"]) for data, sha in photos if sha not in never
    ]
    return events, last_fields, never


def _send(client, tablet, event: Event, rng: random.Random) -> None:
    if event.kind == "op":
        answer = put_op(client, tablet, event.payload, event.key)
        assert answer.status_code in (200, 201, 409), answer.get_json()
        if answer.status_code == 409:
            assert answer.get_json()["error"] == "base_not_found"
            return
        event.answers.append(answer.get_json())
    else:
        data = event.payload
        if rng.random() < 0.2:  # a corrupted upload (bytes already held are not read again)
            corrupted = put_blob(client, tablet, data[:-1], event.key)
            assert corrupted.status_code == 422 or corrupted.get_json()["stored"] is False
            return
        answer = put_blob(client, tablet, data, event.key)
        assert answer.status_code in (200, 201)
        assert answer.get_json()["sha256"] == event.key
    if rng.random() < 0.2:
        return  # the answer was lost on the way: the tablet will send it again
    event.acknowledged = True


def _replay(client, tablet, seed: int) -> tuple[list[Event], dict, set[str]]:
    rng = random.Random(seed)
    events, last_fields, never = _scenario(rng, seed)
    for _round in range(MAX_ROUNDS):
        pending = [e for e in events if not e.acknowledged]
        if not pending:
            break
        rng.shuffle(pending)
        batch = pending + rng.sample(events, k=rng.randint(0, 1))  # a duplicate of any event
        for event in batch:
            _send(client, tablet, event, rng)
    assert all(e.acknowledged for e in events), f"seed {seed}: not quiescent"
    return events, last_fields, never


def _check(seed: int, events: list[Event], last_fields: dict, never: set[str]) -> None:
    uuids = {e.record_id for e in events}
    records = {
        r.uuid: r for r in db.session.scalars(select(SyncRecord).where(SyncRecord.uuid.in_(uuids)))
    }
    assert set(records) == uuids, f"seed {seed}: a record is missing"
    ops = [e for e in events if e.kind == "op"]
    for record_id, record in records.items():
        rows = db.session.scalars(
            select(SyncRecordVersion).where(SyncRecordVersion.record_id == record.id)
        ).all()
        mine = [e for e in ops if e.record_id == record_id]
        assert len(rows) == len(mine), f"seed {seed}: one version row per op"
        assert sorted(r.version for r in rows) == list(range(1, len(mine) + 1))
        if record_id in last_fields:
            assert record.fields == last_fields[record_id], f"seed {seed}: an edit was lost"
        else:
            assert record.complete == (not never), f"seed {seed}: complete iff photos held"
    for event in ops:
        assert event.answers[0]["op_id"] == event.key
        assert all(answer == event.answers[0] for answer in event.answers), f"seed {seed}"


def test_two_hundred_seeded_replays_keep_every_invariant(app, client):
    tablet = enrolled(app, client)
    for seed in range(SEEDS):
        events, last_fields, never = _replay(client, tablet, seed)
        with app.app_context():
            _check(seed, events, last_fields, never)
