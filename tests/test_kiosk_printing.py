"""Queue receipt printing: a fault never costs a ticket; reprints, stale jobs, the receipt."""

from __future__ import annotations

import datetime as dt
import logging
import socket

import pytest
import zxingcpp
from flask_babel import force_locale

import printer
from kiosk.extensions import db
from kiosk.models import PrintJob
from kiosk.offices.current import current_office
from kiosk.offices.service import update_office
from kiosk.printing.jobs import print_state, reprint
from kiosk.printing.worker import STALE_GRACE_SECONDS
from kiosk.queue.receipt import ticket_receipt
from kiosk.queue.service import issue_ticket


def _closed_port() -> int:
    """A local TCP port nobody listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TestBrokenPrinter:
    """The configured printer refuses connections."""

    @pytest.fixture
    def app_config(self, app_config):
        """A TCP printer on a closed port, with a short timeout."""
        return {**app_config, "PRINTER": f"tcp://127.0.0.1:{_closed_port()}", "PRINTER_TIMEOUT": 1}

    def test_ticket_is_issued_and_the_failure_recorded_and_logged(self, ctx, caplog):
        """The number is kept, print_state says failed, the job keeps the error, a warning logs."""
        caplog.set_level(logging.WARNING, logger="satupintu.printer")
        ticket = issue_ticket("ktp-baru")
        assert ticket.id is not None and ticket.label == "A-001"
        assert print_state(ticket) == "failed"
        (job,) = ticket.print_jobs
        assert job.status == "failed" and job.kind == "ticket"
        assert job.error.startswith("PrinterUnavailable")
        assert job.finished_at is not None
        warnings = [r for r in caplog.records if r.name == "satupintu.printer"]
        assert warnings and warnings[0].levelno == logging.WARNING
        assert "A-001" in warnings[0].getMessage()

    def test_reprint_is_a_new_job(self, ctx, app):
        """After the printer is fixed, a reprint adds a second job and the state follows it."""
        ticket = issue_ticket("ktp-baru")
        assert print_state(ticket) == "failed"
        printer.clear_recorded_jobs()
        update_office(current_office().id, {"printer": "dummy:"})
        job = reprint(ticket)
        db.session.refresh(ticket)
        assert [j.kind for j in ticket.print_jobs] == ["ticket", "reprint"]
        assert job.id == ticket.print_jobs[-1].id and job.status == "printed"
        assert print_state(ticket) == "printed"
        assert len(printer.recorded_jobs()) == 1


def test_working_printer_prints_the_ticket(ctx):
    """With the dummy printer the receipt bytes are sent and the state is printed."""
    printer.clear_recorded_jobs()
    ticket = issue_ticket("ktp-baru")
    assert print_state(ticket) == "printed"
    (sent,) = printer.recorded_jobs()
    assert b"A-001" in sent


def test_stuck_job_turns_failed_after_timeout_plus_grace(ctx, app, clock):
    """A job left 'printing' is pending until PRINTER_TIMEOUT + 5 s have passed, then failed."""
    ticket = issue_ticket("ktp-baru")
    db.session.add(
        PrintJob(ticket=ticket, status="printing", printer_url="dummy:", created_at=clock())
    )
    db.session.commit()
    assert print_state(ticket) == "pending"
    limit = float(app.config["PRINTER_TIMEOUT"]) + STALE_GRACE_SECONDS
    clock.advance(seconds=limit)
    assert print_state(ticket) == "pending"
    clock.advance(seconds=1)
    assert print_state(ticket) == "failed"


def test_ticket_without_any_job_counts_as_failed(ctx):
    """No print job at all (e.g. deleted) means the screen must show the number itself."""
    ticket = issue_ticket("ktp-baru")
    for job in ticket.print_jobs:
        db.session.delete(job)
    db.session.commit()
    assert print_state(ticket) == "failed"


def _text(receipt: printer.Receipt) -> str:
    lines = receipt.layout(printer.PAPER_80)
    return " ".join(" ".join(line.text for line in lines).split())


def test_receipt_qr_decodes_to_the_status_url_and_lists_the_checklist(ctx):
    """The PNG's only QR is BASE_URL/s/<code>; the text has office, number, GRATIS, requirements."""
    issue_ticket("ktp-baru")
    ticket = issue_ticket("ktp-baru")
    receipt = ticket_receipt(ticket)
    image = printer.render_png(receipt, printer.PAPER_80)
    decoded = [result.text for result in zxingcpp.read_barcodes(image)]
    assert decoded == [f"http://kiosk.test/s/{ticket.tracking_code}"]

    text = _text(receipt)
    assert "Kantor Desa Uji" in text
    assert "A-002" in text
    assert "GRATIS" in text
    assert ticket.tracking_code in text
    assert "1 orang" in text  # people ahead
    for requirement in ticket.service.requirements:
        label = requirement.text("label", "id")
        assert " ".join(label.split()) in text, label


def test_english_receipt_counts_one_person(ctx):
    """The people ahead take the plural form of the receipt's language: 1 person, 2 people."""
    issue_ticket("ktp-baru")
    one_ahead = issue_ticket("ktp-baru", lang="en")
    two_ahead = issue_ticket("ktp-baru", lang="en")
    with force_locale("en"):
        assert "Ahead of you: 1 person " in _text(ticket_receipt(one_ahead))
        assert "Ahead of you: 2 people " in _text(ticket_receipt(two_ahead))
        assert "TV" in _text(ticket_receipt(one_ahead))


def test_receipt_shows_a_fee_instead_of_gratis(ctx):
    """A service that charges shows the rupiah amount, not GRATIS."""
    ticket = issue_ticket("domisili")
    ticket.service.fee = 10000
    db.session.commit()
    text = _text(ticket_receipt(ticket))
    assert "Rp 10.000" in text
    assert "GRATIS" not in text


def test_receipt_time_is_office_time(ctx, clock):
    """Issued 09:00 in Jakarta (02:00 UTC): the receipt prints 09.00."""
    clock.set(2026, 11, 23, 9, 0)
    ticket = issue_ticket("ktp-baru")
    assert ticket.issued_at.astimezone(dt.UTC).hour == 2
    assert "09.00" in _text(ticket_receipt(ticket))
