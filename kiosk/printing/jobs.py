"""Print jobs: queue one in the caller's transaction, hand it to the worker, follow its state.

Queuing a receipt only writes a `PrintJob` row; the worker (`kiosk.printing.worker`) prints it
with a timeout and records the outcome. The kiosk screen polls that outcome and, when the printer
fails or hangs, shows the number and QR large instead. A printer fault never blocks or undoes a
ticket.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from flask import Flask, current_app
from sqlalchemy import insert, select

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import CaseFile, Complaint, PrintJob, Ticket
from kiosk.offices.current import current_office
from kiosk.printing.worker import EXPIRED, PENDING, dispatch, job_max_age


def queue_receipt(
    ticket: Ticket | None,
    kind: str = "ticket",
    file: CaseFile | None = None,
    printer_url: str | None = None,
    complaint: Complaint | None = None,
) -> PrintJob:
    """Add a print job for a receipt to the session (committed by the caller); it prints on
    `printer_url`, by default the office's kiosk printer."""
    job = PrintJob(
        ticket=ticket,
        file=file,
        complaint=complaint,
        kind=kind,
        status="queued",
        printer_url=printer_url or current_office().printer,
        created_at=clock.now(),
    )
    db.session.add(job)
    return job


class JobRow(NamedTuple):
    """A print job row just inserted: what the worker's order needs of it."""

    id: int
    created_at: dt.datetime
    printer_url: str


_INSERT_JOB = insert(PrintJob.__table__)


def insert_job(ticket_id: int | None, printer_url: str, kind: str = "ticket") -> JobRow:
    """Insert a queued print job in the caller's transaction (committed by the caller), as a
    Core insert: the hot path (a new ticket) needs its id, not an ORM object."""
    row = {
        "ticket_id": ticket_id,
        "file_id": None,
        "kind": kind,
        "status": "queued",
        "printer_url": printer_url,
        "error": None,
        "created_at": clock.now(),
        "finished_at": None,
    }
    job_id = db.session.connection().execute(_INSERT_JOB, row).inserted_primary_key[0]
    return JobRow(job_id, row["created_at"], printer_url)


def print_now(
    ticket: Ticket | None,
    kind: str,
    file: CaseFile | None = None,
    printer_url: str | None = None,
    complaint: Complaint | None = None,
) -> PrintJob:
    """Queue a receipt, commit and dispatch it: the worker composes it from the job's row."""
    job = queue_receipt(ticket, kind=kind, file=file, printer_url=printer_url, complaint=complaint)
    db.session.commit()
    dispatch(job.id)
    return job


def reprint(ticket: Ticket, printer_url: str | None = None) -> PrintJob:
    """Staff reprint of a ticket's receipt (on `printer_url`, by default the kiosk printer)."""
    return print_now(ticket, "reprint", printer_url=printer_url)


def reprint_job(job: PrintJob, printer_url: str) -> PrintJob:
    """Print a (failed) job's receipt again, on `printer_url`: the same receipt, a new job."""
    kind = "reprint" if job.kind == "ticket" else job.kind
    return print_now(
        job.ticket, kind, file=job.file, printer_url=printer_url, complaint=job.complaint
    )


def print_state(ticket: Ticket) -> str:
    """'pending', 'printed' or 'failed' for the ticket's latest job; a hung job counts as failed.

    The kiosk shows the number large at the same moment (job_max_age) that the worker stops
    being allowed to print the job.
    """
    job = db.session.scalars(
        select(PrintJob).where(PrintJob.ticket_id == ticket.id).order_by(PrintJob.id.desc())
    ).first()
    return job_state(job)


def job_state(job: PrintJob | None) -> str:
    """'pending', 'printed' or 'failed' for one job (none: failed); a hung job counts as failed."""
    if job is None:
        return "failed"
    if job.status in PENDING:
        if clock.now() - job.created_at > job_max_age(current_app):
            return "failed"
        return "pending"
    return "failed" if job.status == "expired" else job.status


def resolve_interrupted_jobs(app: Flask) -> tuple[int, int]:
    """At start, settle jobs a crash left queued or printing: (retried, expired).

    A fresh one is printed again (the citizen may still be at the kiosk); a stale one is marked
    expired, since its moment has passed and a late receipt would print to nobody.
    """
    with app.app_context():
        now = clock.now()
        interrupted = db.session.scalars(select(PrintJob).where(PrintJob.status.in_(PENDING))).all()
        retry = []
        for job in interrupted:
            if now - job.created_at > job_max_age(app):
                job.status, job.error, job.finished_at = "expired", EXPIRED, now
            else:
                job.status = "queued"
                retry.append(job.id)
        db.session.commit()
        for job_id in retry:
            dispatch(job_id)
        return len(retry), len(interrupted) - len(retry)
