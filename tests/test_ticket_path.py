"""The ticket issue path stays lean: a bounded number of SQL statements per ticket, every one
of them needed, and no reload after the commit (issue 10, point 7; timings live in bench/)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event, text

import kiosk.queue.service as queue_service
from kiosk.db import without_fsync
from kiosk.display import bus
from kiosk.extensions import db
from kiosk.queue.position import people_ahead, remember_position
from kiosk.queue.service import issue_ticket

# Find the service, take the number, insert the ticket and its print job, count the people ahead,
# read the average service time and the counters serving (the last two memoised outside tests).
STATEMENT_BUDGET = 7


@contextmanager
def recorded_statements(app):
    """Every SQL statement the app's engine runs inside the block (COMMIT is not one)."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def dispatched(monkeypatch) -> list[int]:
    """Print jobs handed to the print worker (the worker's own work is not the request's)."""
    jobs: list[int] = []
    monkeypatch.setattr(queue_service, "dispatch", jobs.append)
    return jobs


def test_a_ticket_costs_a_bounded_number_of_statements(app, client, dispatched):
    client.post("/api/v1/tickets", json={"service": "ktp-baru"})  # warm: first-use loads
    with recorded_statements(app) as statements:
        response = client.post("/api/v1/tickets", json={"service": "ktp-baru"})
    assert response.status_code == 201
    assert response.get_json()["people_ahead"] == 1
    assert len(dispatched) == 2
    assert len(statements) <= STATEMENT_BUDGET, "\n".join(statements)


def test_no_reload_after_the_commit(app, client, dispatched):
    """The answer is built from what the insert already knows: no SELECT of the new ticket,
    its service or its print job by id after the commit."""
    with recorded_statements(app) as statements:
        client.post("/api/v1/tickets", json={"service": "ktp-baru"})
    by_id = ("WHERE ticket.id = ?", "WHERE service.id = ?", "WHERE print_job.id = ?")
    reloads = [s for s in statements if s.startswith("SELECT") and s.endswith(by_id)]
    assert reloads == [], reloads


def test_print_bookkeeping_commits_without_fsync_and_gives_it_back(app):
    """Only the ticket's commit waits for the disk; a connection relaxed for a print job's status
    syncs every commit again once it is back in the pool."""
    with app.app_context():
        with without_fsync():
            raw = db.session.connection().connection.dbapi_connection
            relaxed = db.session.execute(text("PRAGMA synchronous")).scalar()
        db.session.commit()
        db.session.remove()  # the connection goes back to the pool
        restored = raw.execute("PRAGMA synchronous").fetchone()[0]
    assert (relaxed, restored) == (1, 2)  # NORMAL inside, FULL again after


def test_a_write_already_begun_keeps_its_fsync(app):
    """SQLite cannot relax a transaction that has begun: it stays FULL, without an error."""
    with app.app_context():
        db.session.execute(text("UPDATE daily_counter SET last_number = last_number"))
        with without_fsync():
            level = db.session.execute(text("PRAGMA synchronous")).scalar()
        db.session.rollback()
    assert level == 2


def test_the_place_in_line_is_counted_once_per_request_and_never_reused_stale(ctx):
    """Issuing counts the people ahead once for the answer and the receipt; a queue change
    (a waking bus notice) or a new transaction makes the next question count again."""
    issue_ticket("ktp-baru")
    ticket = issue_ticket("ktp-baru")
    remember_position(ticket, 7, None)  # a marker: only the memo can answer 7
    assert people_ahead(ticket) == 7
    bus.notify()  # a call, a transfer...
    assert people_ahead(ticket) == 1
    remember_position(ticket, 7, None)
    db.session.commit()  # another transaction
    assert people_ahead(ticket) == 1
