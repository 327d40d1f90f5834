"""What the printer strip shows: per printer of the office, its state, jobs waiting and the
receipts that failed today and were not printed since."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import current_app, g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

import printer
from kiosk import clock
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import CaseFile, Complaint, PrintJob, Ticket
from kiosk.offices.current import current_office
from kiosk.printing.monitor import printer_states
from kiosk.printing.places import PrinterPlace, staff_printer, watched_printers
from kiosk.printing.worker import PENDING

STATE_TEXT = {
    printer.ONLINE: _l("Siap"),
    printer.PAPER_OUT: _l("Kertas habis"),
    printer.OFFLINE: _l("Tidak tersambung"),
    printer.UNKNOWN: _l("Dicek saat mencetak"),
}
FAILED = ("failed", "expired")
MAX_LISTED_FAILURES = 5


class UnknownPrintJob(DomainError):
    code = "unknown_print_job"
    status = 404


@dataclass
class PrinterRow:
    """One printer on the strip."""

    place: PrinterPlace
    state: str
    waiting: int = 0
    failed_count: int = 0
    failed: list[PrintJob] = field(default_factory=list)  # the newest few, to reprint

    @property
    def bad(self) -> bool:
        """Receipts cannot print here now: the strip turns red and sounds once."""
        return self.state in (printer.OFFLINE, printer.PAPER_OUT)

    @property
    def state_text(self) -> str:
        return str(STATE_TEXT[self.state])


def start_of_today() -> dt.datetime:
    """Local midnight, as the jobs' created_at is compared."""
    return clock.now().replace(hour=0, minute=0, second=0, microsecond=0)


def printer_rows(office_id: int | None = None) -> list[PrinterRow]:
    """The strip of an office (the current one by default): one row per printer URL."""
    office_id = office_id or current_office().id
    states = printer_states(current_app)
    rows: dict[str, PrinterRow] = {}
    for place in watched_printers(office_id):
        if place.url not in rows:
            known = states.get(place.url)
            state = known.health.state if known else printer.UNKNOWN
            rows[place.url] = PrinterRow(place, state)
    since = start_of_today()
    for url, count in _waiting_counts(list(rows), since, office_id):
        rows[url].waiting = count
    for job in unresolved_failures(list(rows), since, office_id):
        row = rows[job.printer_url]
        row.failed_count += 1
        if len(row.failed) < MAX_LISTED_FAILURES:
            row.failed.append(job)
    return list(rows.values())


def _todays_jobs(query, urls: list[str], since: dt.datetime, office_id: int):
    """Jobs of the office's receipts (by their ticket, file or complaint) on these printers
    since then."""
    owners = (Ticket.office_id, CaseFile.office_id, Complaint.office_id)
    return (
        query.outerjoin(Ticket, PrintJob.ticket_id == Ticket.id)
        .outerjoin(CaseFile, PrintJob.file_id == CaseFile.id)
        .outerjoin(Complaint, PrintJob.complaint_id == Complaint.id)
        .where(or_(*(owner == office_id for owner in owners)))
        .where(PrintJob.printer_url.in_(urls), PrintJob.created_at >= since)
    )


def _waiting_counts(urls: list[str], since: dt.datetime, office_id: int):
    query = select(PrintJob.printer_url, func.count(PrintJob.id))
    return db.session.execute(
        _todays_jobs(query, urls, since, office_id)
        .where(PrintJob.status.in_(PENDING))
        .group_by(PrintJob.printer_url)
    ).all()


def unresolved_failures(urls: list[str], since: dt.datetime, office_id: int) -> list[PrintJob]:
    """Today's failed jobs of the office on these printers whose receipt was not printed later
    (anywhere), newest first."""
    failed = db.session.scalars(
        _todays_jobs(select(PrintJob), urls, since, office_id)
        .where(PrintJob.status.in_(FAILED))
        .order_by(PrintJob.id.desc())
    ).all()
    if not failed:
        return []
    printed = db.session.execute(
        select(PrintJob.id, PrintJob.ticket_id, PrintJob.file_id, PrintJob.complaint_id).where(
            PrintJob.id > min(job.id for job in failed), PrintJob.status == "printed"
        )
    ).all()
    return [job for job in failed if not any(_same_receipt(job, row) for row in printed)]


def _same_receipt(job: PrintJob, later) -> bool:
    same = (later.ticket_id, later.file_id, later.complaint_id)
    return later.id > job.id and same == (job.ticket_id, job.file_id, job.complaint_id)


def failed_job(job_id: int) -> PrintJob:
    """A failed job of this office not printed since, or UnknownPrintJob (404)."""
    job = db.session.get(PrintJob, job_id)
    owner = (job.ticket or job.file or job.complaint) if job is not None else None
    if owner is None or job.status not in FAILED or owner.office_id != current_office().id:
        raise UnknownPrintJob(_("Struk yang gagal ini tidak ditemukan."))
    if printed_since(job):
        raise UnknownPrintJob(_("Struk ini sudah dicetak ulang."))
    return job


def printed_since(job: PrintJob) -> bool:
    """Whether the same receipt was printed after this job (a reprint, anywhere)."""
    return bool(
        db.session.scalar(
            select(func.count(PrintJob.id)).where(
                PrintJob.id > job.id,
                PrintJob.status == "printed",
                PrintJob.ticket_id.is_not_distinct_from(job.ticket_id),
                PrintJob.file_id.is_not_distinct_from(job.file_id),
                PrintJob.complaint_id.is_not_distinct_from(job.complaint_id),
            )
        )
    )


def staff_printer_name() -> str:
    """Where the signed-in staff member's receipts print ("Loket 2"), for templates."""
    return staff_printer(g.get("staff_user")).name
