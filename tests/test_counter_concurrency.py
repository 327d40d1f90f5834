"""Acceptance: 2 counters x 200 concurrent "call next" on a file SQLite database, and on
PostgreSQL, never call a ticket twice, and every waiting ticket is called."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter as Tally

import pytest
from sqlalchemy import func, select

from kiosk.counter import service as counters
from kiosk.extensions import db
from kiosk.models import QueueEvent, Service, Ticket
from kiosk.queue.service import format_number
from kiosk.tracking import new_code

pytestmark = pytest.mark.data_layer

TICKETS = 400
PRESSES_PER_COUNTER = 200


def seed_waiting_tickets(clock) -> list[int]:
    """Two counters serving KTP-el baru and 400 waiting tickets, one second apart."""
    counter_ids = [
        counters.create_counter(name, ["ktp-baru"]).id for name in ("Loket 1", "Loket 2")
    ]
    service = db.session.scalar(select(Service).where(Service.code == "ktp-baru"))
    start = clock()
    for number in range(1, TICKETS + 1):
        db.session.add(
            Ticket(
                service_id=service.id,
                day=start.date(),
                number=number,
                label=format_number(service.prefix, number),
                priority=number % 5 == 0,
                state="waiting",
                tracking_code=new_code(),
                issued_at=start + dt.timedelta(seconds=number),
                missing_requirements=[],
            )
        )
    db.session.commit()
    return counter_ids


def test_two_counters_never_call_the_same_ticket(app, clock):
    """400 threads press "call next" together; each ticket is called exactly once."""
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith(("sqlite:///", "postgresql"))
    assert not app.config["SQLALCHEMY_DATABASE_URI"].endswith(":memory:")
    with app.app_context():
        counter_ids = seed_waiting_tickets(clock)

    barrier = threading.Barrier(2 * PRESSES_PER_COUNTER)
    lock = threading.Lock()
    called: list[tuple[int, int]] = []
    empty: list[int] = []
    errors: list[BaseException] = []

    def press(counter_id: int) -> None:
        """One press of call next in its own app context."""
        with app.app_context():
            try:
                counter = counters.get_counter(counter_id)
                db.session.commit()  # end the read so every thread starts fresh
                barrier.wait()
                ticket = counters.call_next(counter)
                with lock:
                    called.append((counter_id, ticket.id))
            except counters.QueueEmpty:
                with lock:
                    empty.append(counter_id)
            except BaseException as error:  # reported below
                with lock:
                    errors.append(error)
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=press, args=(counter_id,))
        for counter_id in counter_ids
        for _ in range(PRESSES_PER_COUNTER)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a call_next never returned"

    assert not errors, errors[:3]
    assert not empty, f"{len(empty)} presses found the queue empty or busy"
    assert len(called) == TICKETS
    assert len({ticket_id for _counter, ticket_id in called}) == TICKETS
    per_counter = Tally(counter_id for counter_id, _ticket in called)
    assert sum(per_counter.values()) == TICKETS

    with app.app_context():
        call_events = Tally(
            db.session.scalars(select(QueueEvent.ticket_id).where(QueueEvent.kind == "call"))
        )
        assert len(call_events) == TICKETS
        assert set(call_events.values()) == {1}
        states = dict(
            db.session.execute(select(Ticket.state, func.count()).group_by(Ticket.state)).all()
        )
        # Each press finished the counter's previous ticket: one ticket left called per counter.
        assert states == {"done": TICKETS - 2, "called": 2}
        still_called = db.session.scalars(
            select(Ticket.counter_id).where(Ticket.state == "called")
        ).all()
        assert sorted(still_called) == sorted(counter_ids)
        finish_events = db.session.scalar(
            select(func.count(QueueEvent.id)).where(QueueEvent.kind == "finish")
        )
        assert finish_events == TICKETS - 2
