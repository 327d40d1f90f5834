"""The print worker prints a new ticket from the request's snapshot, records each outcome in one
statement, expires a stale backlog at once, and leaves a job queued when the server stops
(issue 10, point 7)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import event

import kiosk.queue.service as queue_service
import printer
from kiosk.extensions import db
from kiosk.models import PrintJob
from kiosk.printing import worker
from kiosk.printing.process import PrintingStopped
from kiosk.printing.worker import PrintOrder, job_max_age, run_job
from kiosk.queue.receipt import ticket_receipt
from kiosk.queue.service import issue_ticket


@pytest.fixture
def orders(monkeypatch) -> list[PrintOrder]:
    """The orders issuing hands to the worker, kept instead of printed."""
    kept: list[PrintOrder] = []
    monkeypatch.setattr(queue_service, "dispatch", kept.append)
    return kept


@pytest.fixture
def statements(app):
    """Every SQL statement the app's engine runs while the test goes on."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def _text(receipt: printer.Receipt) -> str:
    return " ".join(line.text for line in receipt.layout(printer.PAPER_80))


def _status(job_id: int) -> str:
    db.session.expire_all()
    return db.session.get(PrintJob, job_id).status


def test_a_new_ticket_prints_from_its_snapshot_in_one_write(app, ctx, orders, statements):
    issue_ticket("ktp-baru")
    ticket = issue_ticket("ktp-baru")
    (_, order) = orders
    printer.clear_recorded_jobs()
    statements.clear()
    run_job(app, order)
    writes = [s for s in statements if not s.startswith("SELECT")]
    reads_back = [s for s in statements if "FROM ticket" in s or "FROM print_job" in s]
    assert len(writes) == 1 and writes[0].startswith("UPDATE print_job"), writes
    assert reads_back == []  # nor the queue: the request counted the people ahead
    (sent,) = printer.recorded_jobs()
    assert ticket.label.encode() in sent
    assert _status(order.job_id) == "printed"


def test_the_snapshot_receipt_is_the_receipt_of_the_ticket(ctx, orders):
    """Number, place in line, estimate, checklist, fee, QR: the same as composed from the row."""
    issue_ticket("ktp-baru")
    for reason in (None, "lansia"):
        ticket = issue_ticket("ktp-baru", priority_reason=reason)
        snapshot = _text(orders[-1].compose())
        assert snapshot == _text(ticket_receipt(ticket))
        assert ticket.label in snapshot and ticket.tracking_code in snapshot
    assert "1 orang" in _text(orders[1].compose()) and "Lansia" in snapshot


def test_a_stale_backlog_expires_in_one_statement(app, ctx, orders, statements, clock):
    issued = [issue_ticket("ktp-baru") for _ in range(3)]
    clock.advance(seconds=job_max_age(app).total_seconds() + 1)
    printer.clear_recorded_jobs()
    statements.clear()
    for order in orders:
        run_job(app, order)
    assert [s.split()[0] for s in statements] == ["UPDATE"]
    assert [_status(order.job_id) for order in orders] == ["expired"] * len(issued)
    assert printer.recorded_jobs() == []


def test_a_fresh_job_after_a_sweep_still_prints(app, ctx, orders, clock):
    issue_ticket("ktp-baru")
    clock.advance(seconds=job_max_age(app).total_seconds() + 1)
    run_job(app, orders[0])
    issue_ticket("ktp-baru")
    run_job(app, orders[1])
    assert [_status(order.job_id) for order in orders] == ["expired", "printed"]


def test_a_job_the_stopping_server_cannot_print_stays_queued(app, ctx, orders, monkeypatch, caplog):
    def stopping(*args, **kwargs):
        raise PrintingStopped("cannot schedule new futures after shutdown")

    monkeypatch.setattr(worker, "print_in_process", stopping)
    caplog.set_level(logging.INFO, logger="satupintu.printer")
    issue_ticket("ktp-baru")
    run_job(app, orders[0])
    assert _status(orders[0].job_id) == "queued"  # resolve_interrupted_jobs settles it at start
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_an_outcome_never_overwrites_a_settled_job(app, ctx, orders):
    issue_ticket("ktp-baru")
    job = db.session.get(PrintJob, orders[0].job_id)
    job.status = "expired"
    db.session.commit()
    run_job(app, orders[0])
    assert _status(orders[0].job_id) == "expired"
