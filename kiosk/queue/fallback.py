"""When the kiosk cannot print: print the citizen's receipt at a staff printer instead.

One button on the ticket screen; it never makes a second ticket, only a second print job of the
same receipt, and pressing it again while that job prints (or after) makes no other.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, current_app, redirect, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.errors import DomainError
from kiosk.extensions import db, status_rate_limit
from kiosk.htmx import is_htmx, render
from kiosk.models import PrintJob, Ticket
from kiosk.offices.current import current_office
from kiosk.printing.jobs import print_state, reprint
from kiosk.printing.monitor import printer_states
from kiosk.printing.places import PrinterPlace, staff_printers
from kiosk.queue import bp
from kiosk.queue.receipt import status_url
from kiosk.queue.service import find_ticket
from kiosk.tracking import normalise


class NoOtherPrinter(DomainError):
    code = "no_other_printer"
    status = 409


@dataclass(frozen=True)
class Fallback:
    """For the ticket screen: the staff printer the latest receipt went to, if it went to one
    (`printed_at`), and the staff printer a failed one may go to (`offer`)."""

    printed_at: PrinterPlace | None
    offer: PrinterPlace | None


def latest_job(ticket: Ticket) -> PrintJob | None:
    return db.session.scalars(
        select(PrintJob).where(PrintJob.ticket_id == ticket.id).order_by(PrintJob.id.desc())
    ).first()


def working_staff_printer() -> PrinterPlace | None:
    """The office's first staff printer not known to be offline or out of paper."""
    states = printer_states(current_app)
    for place in staff_printers(current_office()):
        known = states.get(place.url)
        if known is None or not known.health.bad:
            return place
    return None


def receipt_fallback(ticket: Ticket, state: str = "failed") -> Fallback:
    """What the ticket screen offers about the receipt in print `state` (see Fallback); the
    office's printers are looked up only when the receipt went elsewhere or failed."""
    office = current_office()
    job = latest_job(ticket)
    printed_at = None
    if job is not None and job.printer_url != office.printer:
        printed_at = next((p for p in staff_printers(office) if p.url == job.printer_url), None)
    offer = working_staff_printer() if state == "failed" and printed_at is None else None
    return Fallback(printed_at, offer)


def print_at_staff_printer(ticket: Ticket) -> PrinterPlace:
    """Send a failed kiosk receipt to a staff printer, once; where it went."""
    fallback = receipt_fallback(ticket)
    if fallback.printed_at is not None:
        return fallback.printed_at  # already sent there: pressing again prints nothing more
    if fallback.offer is None or print_state(ticket) != "failed":
        raise NoOtherPrinter(_("Tunjukkan nomor ini ke petugas."))
    reprint(ticket, fallback.offer.url)
    return fallback.offer


@bp.post("/tiket/<code>/cetak-di-meja")
@status_rate_limit()
def print_at_desk(code: str):
    """The kiosk's "Cetak di meja petugas": the same receipt, on a staff printer."""
    ticket = find_ticket(normalise(code) or "") or abort(404)
    try:
        print_at_staff_printer(ticket)
    except NoOtherPrinter:
        pass  # the fragment says "Tunjukkan nomor ini ke petugas"
    if not is_htmx():
        return redirect(url_for(".ticket_screen", code=ticket.tracking_code), code=303)
    return render(
        "queue/_print_status.html",
        "queue/_print_status.html",
        ticket=ticket,
        print_status=print_state(ticket),
        status_url=status_url(ticket),
    )
