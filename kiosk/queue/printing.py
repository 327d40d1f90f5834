"""Receipt printing off the request path: a job row, a single worker thread, honest status.

Issuing a ticket only writes a `PrintJob` row; the worker prints it with a timeout and records
the outcome. The kiosk screen polls that outcome and, when the printer fails or hangs, shows the
number and QR large instead. A printer fault never blocks or undoes a ticket.

The worker thread keeps the bookkeeping (job rows, composing the receipt); the CPU-heavy part,
rendering ESC/POS and the QR code and sending the bytes (and the PNG preview), runs in one
child process, so it does not hold the server's GIL while kiosks are taking numbers.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from flask import Flask, current_app
from flask_babel import force_locale
from sqlalchemy import select, update

import printer
from kiosk import clock
from kiosk.db import commit_keeping_loaded, without_fsync, write_lock
from kiosk.extensions import db
from kiosk.models import PrintJob, Ticket
from kiosk.offices.current import current_office
from kiosk.offices.service import acting_for
from kiosk.queue.receipt import ticket_receipt
from printer.backends import STATUS_WAIT
from printer.child import exit_with_parent

log = logging.getLogger("satupintu.printer")
STALE_GRACE_SECONDS = 5
POOL_KEY = "satupintu.print_process_pool"
EXPIRED = "expired: waited past the kiosk's on-screen fallback"
# Beyond the job's own timeout: print_receipt may spend up to printer.STATUS_WAIT on the paper
# query, and a child that has just been started needs a moment to import the printer package.
POOL_GRACE_SECONDS = 5.0
_pool_lock = threading.Lock()


# Receipt kinds and the function composing each from its job; features register theirs.
RECEIPT_BUILDERS: dict[str, Callable[[PrintJob], printer.Receipt]] = {}


def register_receipt(kind: str, builder: Callable[[PrintJob], printer.Receipt]) -> None:
    """Let a feature print its own receipt kind through the same job queue."""
    RECEIPT_BUILDERS[kind] = builder


register_receipt("ticket", lambda job: ticket_receipt(job.ticket))
register_receipt("reprint", lambda job: ticket_receipt(job.ticket))


def queue_receipt(ticket: Ticket | None, kind: str = "ticket", file=None) -> PrintJob:
    """Add a print job for a receipt to the session (committed by the caller)."""
    job = PrintJob(
        ticket=ticket,
        file=file,
        kind=kind,
        status="queued",
        printer_url=current_office().printer,
        created_at=clock.now(),
    )
    db.session.add(job)
    return job


def dispatch(job_id: int) -> None:
    """Hand a committed job to the worker thread (or run it inline when PRINT_SYNC is set)."""
    app = current_app._get_current_object()
    if app.config["PRINT_SYNC"]:
        run_job(app, job_id)
        db.session.expire_all()  # run_job used its own session: let the caller see the outcome
        return
    executor = app.extensions.get("satupintu.print_executor")
    if executor is None:
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="printer")
        app.extensions["satupintu.print_executor"] = executor
    executor.submit(run_job, app, job_id)


def run_job(app: Flask, job_id: int) -> None:
    """Print one job and record the outcome; every fault is caught and logged, never raised."""
    with app.app_context():
        job = db.session.get(PrintJob, job_id)
        if job is None or not _claim(app, job):
            return
        with acting_for(job_office_id(job)):
            _run_claimed(app, job)


def job_office_id(job: PrintJob) -> int:
    """The office whose printer, paper and receipt header a job uses."""
    owner = job.ticket if job.ticket is not None else job.file
    return owner.office_id


def _run_claimed(app: Flask, job: PrintJob) -> None:
    office = current_office()
    receipt = None
    try:
        receipt = receipt_for(job)
        _print(
            app,
            receipt,
            job.printer_url,
            paper=printer.paper_for(office.printer_paper),
            timeout=float(app.config["PRINTER_TIMEOUT"]),
            profile=office.printer_profile,
        )
        job.status, job.error = "printed", None
    except printer.PrinterError as error:
        job.status, job.error = "failed", f"{type(error).__name__}: {error}"
        log.warning("receipt %s not printed: %s", job.label, job.error)
    except Exception as error:  # a bug must not leave the kiosk waiting forever
        job.status, job.error = "failed", f"{type(error).__name__}: {error}"
        log.exception("receipt %s failed unexpectedly", job.label)
    job.finished_at = clock.now()
    with write_lock(), without_fsync():  # the outcome needs no fsync of its own
        db.session.commit()
    _save_preview(app, job, receipt)


def _claim(app: Flask, job: PrintJob) -> bool:
    """Mark a queued job printing; one that waited past its moment is marked expired instead.

    A conditional UPDATE, so a job is claimed once even if it was dispatched twice (restart).
    """
    now = clock.now()
    stale = now - job.created_at > job_max_age(app)
    if stale:
        values = {"status": "expired", "error": EXPIRED, "finished_at": now}
    else:
        values = {"status": "printing"}
    # Queue behind ticket writes rather than in SQLite's busy handler. No fsync of its own: a
    # claim lost at a power cut is settled by resolve_interrupted_jobs at the next start.
    with write_lock(), without_fsync():
        claimed = db.session.execute(
            update(PrintJob)
            .where(PrintJob.id == job.id, PrintJob.status == "queued")
            .values(**values)
        ).rowcount
        commit_keeping_loaded()  # the job row is still as loaded: no reload to compose it
    if stale and claimed:
        log.warning("receipt %s expired: it waited past the kiosk's on-screen fallback", job.label)
    return bool(claimed) and not stale


def job_max_age(app: Flask) -> dt.timedelta:
    """How long a receipt may wait: after that the kiosk has shown "photograph your number".

    PRINT_JOB_MAX_AGE_SECONDS, by default PRINTER_TIMEOUT plus a short grace.
    """
    configured = app.config.get("PRINT_JOB_MAX_AGE_SECONDS")
    if configured is None:
        configured = float(app.config["PRINTER_TIMEOUT"]) + STALE_GRACE_SECONDS
    return dt.timedelta(seconds=float(configured))


def resolve_interrupted_jobs(app: Flask) -> tuple[int, int]:
    """At start, settle jobs a crash left queued or printing: (retried, expired).

    A fresh one is printed again (the citizen may still be at the kiosk); a stale one is marked
    expired, since its moment has passed and a late receipt would print to nobody.
    """
    with app.app_context():
        now = clock.now()
        interrupted = db.session.scalars(
            select(PrintJob).where(PrintJob.status.in_(("queued", "printing")))
        ).all()
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


def _print(app: Flask, receipt: printer.Receipt, url: str, **options) -> None:
    """printer.print_receipt, in the print process unless PRINT_SYNC asks for inline.

    A child that crashes or hangs past the timeout fails the job as an unavailable printer, and
    the next job gets a fresh child.
    """
    if app.config["PRINT_SYNC"]:
        printer.print_receipt(receipt, url, **options)
        return
    pool = print_pool(app)
    future = pool.submit(printer.print_receipt, receipt, url, **options)
    try:
        future.result(timeout=options["timeout"] + STATUS_WAIT + POOL_GRACE_SECONDS)
    except FutureTimeout:
        shutdown_print_pool(app, kill=True)
        raise printer.PrinterUnavailable(
            f"printer {url} did not finish within {options['timeout']:g} s"
        ) from None
    except BrokenProcessPool as error:
        shutdown_print_pool(app, kill=True)
        raise printer.PrinterUnavailable(f"the print process stopped: {error}") from None


def print_pool(app: Flask) -> ProcessPoolExecutor:
    """The app's print process, started on first use ('spawn': no copy of the server's threads)."""
    with _pool_lock:
        pool = app.extensions.get(POOL_KEY)
        if pool is None:
            pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=exit_with_parent,
            )
            app.extensions[POOL_KEY] = pool
        return pool


def shutdown_print_pool(app: Flask, *, kill: bool = False) -> None:
    """Stop the app's print process; `kill` ends a hung one instead of waiting for it."""
    with _pool_lock:
        pool = app.extensions.pop(POOL_KEY, None)
    if pool is None:
        return
    if kill:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.kill()  # no public way to stop a stuck worker before Python 3.14
    pool.shutdown(wait=not kill, cancel_futures=True)


def receipt_for(job: PrintJob) -> printer.Receipt:
    """The job's receipt, in the language the citizen used at the kiosk."""
    lang = job.ticket.lang if job.ticket is not None else "id"
    with force_locale(lang or "id"):
        return RECEIPT_BUILDERS[job.kind](job)


def _save_preview(app: Flask, job: PrintJob, receipt: printer.Receipt | None = None) -> None:
    """Keep a PNG of the receipt when RECEIPT_PREVIEW_DIR is set (demo, training)."""
    folder = app.config.get("RECEIPT_PREVIEW_DIR")
    if not folder:
        return
    try:
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        paper = printer.paper_for(current_office().printer_paper)
        receipt = receipt if receipt is not None else receipt_for(job)
        if app.config["PRINT_SYNC"]:
            png = printer.render_png_bytes(receipt, paper)
        else:
            png = print_pool(app).submit(printer.render_png_bytes, receipt, paper).result()
        name = f"{clock.local(job.created_at):%Y%m%d}-{job.label}-{job.id}.png"
        (path / name).write_bytes(png)
    except Exception:
        log.exception("could not save the receipt preview for job %s", job.id)


def print_state(ticket: Ticket) -> str:
    """'pending', 'printed' or 'failed' for the ticket's latest job; a hung job counts as failed.

    The kiosk shows the number large at the same moment (job_max_age) that the worker stops
    being allowed to print the job.
    """
    job = db.session.scalars(
        db.select(PrintJob).where(PrintJob.ticket_id == ticket.id).order_by(PrintJob.id.desc())
    ).first()
    if job is None:
        return "failed"
    if job.status in ("queued", "printing"):
        if clock.now() - job.created_at > job_max_age(current_app):
            return "failed"
        return "pending"
    return "failed" if job.status == "expired" else job.status


def reprint(ticket: Ticket) -> PrintJob:
    """Staff reprint of a ticket's receipt."""
    job = queue_receipt(ticket, kind="reprint")
    db.session.commit()
    dispatch(job.id)
    return job
