"""The print worker: one thread that prints each order and records its outcome in one commit.

An order carries what its receipt needs, taken by the request that queued it, so the worker
reads nothing back for it. The job row stays `queued` while it prints; the outcome (printed,
failed) is one conditional UPDATE, without an fsync of its own: a job that a crash leaves queued
is settled by `resolve_interrupted_jobs` at the next start. An order that waited past its moment
(`job_max_age`) is never printed: every such job is marked expired in one statement.

There is no separate claim: one worker of one server prints the jobs it queued. (A second server
started on the same database while the first is printing would retry the first one's fresh
queued jobs at its start.)
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app
from flask_babel import force_locale
from sqlalchemy import bindparam, update

import printer
from kiosk import clock
from kiosk.db import without_fsync, write_lock
from kiosk.extensions import db
from kiosk.models import PrintJob
from kiosk.offices.service import acting_as, office_settings
from kiosk.offices.settings import OfficeSettings
from kiosk.printing.layouts import RECEIPT_BUILDERS, job_lang
from kiosk.printing.monitor import note_job_outcome, printer_states
from kiosk.printing.process import PrintingStopped, print_in_process, render_png_in_process

log = logging.getLogger("satupintu.printer")
STALE_GRACE_SECONDS = 5
EXPIRED = "expired: waited past the kiosk's on-screen fallback"
PENDING = ("queued", "printing")  # "printing": left by an older version's claim
EXECUTOR_KEY = "satupintu.print_executor"
EXPIRED_UP_TO_KEY = "satupintu.print_expired_up_to"

_jobs = PrintJob.__table__
# Built once: the worker runs them for every receipt.
_RECORD_OUTCOME = (
    update(_jobs)
    .where(_jobs.c.id == bindparam("job_id"), _jobs.c.status.in_(PENDING))
    .values(status=bindparam("status"), error=bindparam("error"), finished_at=bindparam("now"))
)
_EXPIRE_STALE = (
    update(_jobs)
    .where(_jobs.c.status.in_(PENDING), _jobs.c.created_at < bindparam("cutoff"))
    .values(status="expired", error=EXPIRED, finished_at=bindparam("now"))
)


@dataclass(frozen=True)
class PrintOrder:
    """One committed print job as the worker needs it: `compose` builds the receipt (in the
    citizen's language `lang`) from a snapshot taken when the job was queued."""

    job_id: int
    label: str  # what it prints, for logs and preview names
    created_at: dt.datetime
    printer_url: str
    compose: Callable[[], printer.Receipt]
    office: OfficeSettings  # whose header, QR address, paper and profile the receipt uses
    lang: str = "id"


def job_max_age(app: Flask) -> dt.timedelta:
    """How long a receipt may wait: after that the kiosk has shown the number large.

    PRINT_JOB_MAX_AGE_SECONDS, by default PRINTER_TIMEOUT plus a short grace.
    """
    configured = app.config.get("PRINT_JOB_MAX_AGE_SECONDS")
    if configured is None:
        configured = float(app.config["PRINTER_TIMEOUT"]) + STALE_GRACE_SECONDS
    return dt.timedelta(seconds=float(configured))


def dispatch(order: PrintOrder | int) -> None:
    """Hand a committed job (an order, or a job id to read it from) to the worker thread, or
    print it inline when PRINT_SYNC is set."""
    app = current_app._get_current_object()
    if app.config["PRINT_SYNC"]:
        run_job(app, order)
        db.session.expire_all()  # run_job used its own session: let the caller see the outcome
        return
    executor = app.extensions.get(EXECUTOR_KEY)
    if executor is None:
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="printer")
        app.extensions[EXECUTOR_KEY] = executor
    executor.submit(run_job, app, order)


def run_job(app: Flask, order: PrintOrder | int) -> None:
    """Print one job and record the outcome; every fault is caught and logged, never raised."""
    with app.app_context():
        from_row = not isinstance(order, PrintOrder)
        if from_row:
            order = order_from_row(order)
            if order is None:
                return  # gone, or already settled: a job dispatched twice prints once
        now = clock.now()
        if now - order.created_at > job_max_age(app):
            _expire_stale(app, order, now, swept=not from_row)
            return
        receipt = fault = None
        try:
            with force_locale(order.lang), acting_as(order.office):
                receipt = order.compose()
            with printer_states(app).printing(order.printer_url):
                print_in_process(app, receipt, order.printer_url, order.office)
            status, error = "printed", None
        except PrintingStopped:
            log.info("receipt %s left queued: the server is stopping", order.label)
            return
        except printer.PrinterError as printer_fault:
            fault = printer_fault
            status, error = "failed", f"{type(fault).__name__}: {fault}"
            log.warning("receipt %s not printed: %s", order.label, error)
        except Exception as bug:  # a bug must not leave the kiosk waiting forever
            fault = bug
            status, error = "failed", f"{type(fault).__name__}: {fault}"
            log.exception("receipt %s failed unexpectedly", order.label)
        outcome = {"job_id": order.job_id, "status": status, "error": error, "now": clock.now()}
        with write_lock(), without_fsync():  # the outcome needs no fsync of its own
            db.session.execute(_RECORD_OUTCOME, outcome)
            db.session.commit()
        note_job_outcome(app, order.printer_url, fault)
        if receipt is not None:
            _save_preview(app, order, receipt)


def order_from_row(job_id: int) -> PrintOrder | None:
    """The order of a job still pending, read from its row (retries at start, reprints)."""
    job = db.session.get(PrintJob, job_id)
    if job is None or job.status not in PENDING:
        return None
    office = office_settings(job_office_id(job))
    return PrintOrder(
        job_id=job.id,
        label=job.label,
        created_at=job.created_at,
        printer_url=job.printer_url,
        compose=lambda: RECEIPT_BUILDERS[job.kind](job),
        office=office,
        lang=job_lang(job),
    )


def job_office_id(job: PrintJob) -> int:
    """The office whose printer, paper and receipt header a job uses."""
    owner = next(row for row in (job.ticket, job.file, job.complaint) if row is not None)
    return owner.office_id


def _expire_stale(app: Flask, order: PrintOrder, now: dt.datetime, *, swept: bool) -> None:
    """Mark every job that waited past its moment expired, in one statement: under a burst the
    worker then skips the rest of the stale backlog without a write per job. `swept`: the order
    may skip the write if an earlier sweep covered it (an order read from its row may not)."""
    if swept and order.created_at < app.extensions.get(EXPIRED_UP_TO_KEY, order.created_at):
        return  # its job was queued before an earlier sweep's cutoff: that sweep expired it
    cutoff = now - job_max_age(app)
    with write_lock(), without_fsync():
        expired = db.session.execute(_EXPIRE_STALE, {"cutoff": cutoff, "now": now}).rowcount
        db.session.commit()
    app.extensions[EXPIRED_UP_TO_KEY] = cutoff
    if expired:
        log.warning(
            "%d receipt(s) expired, up to %s: they waited past the kiosk's on-screen fallback",
            expired,
            order.label,
        )


def _save_preview(app: Flask, order: PrintOrder, receipt: printer.Receipt) -> None:
    """Keep a PNG of the receipt when RECEIPT_PREVIEW_DIR is set (demo, training)."""
    folder = app.config.get("RECEIPT_PREVIEW_DIR")
    if not folder:
        return
    try:
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        png = render_png_in_process(app, receipt, order.office)
        name = f"{clock.local(order.created_at):%Y%m%d}-{order.label}-{order.job_id}.png"
        (path / name).write_bytes(png)
    except Exception:
        log.exception("could not save the receipt preview for job %s", order.job_id)
