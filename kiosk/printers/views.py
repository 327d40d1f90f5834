"""The printer strip (polled by staff pages) and the reprint of a failed receipt from it."""

from __future__ import annotations

from flask import g, render_template
from flask_babel import gettext as _

from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.errors import DomainError
from kiosk.printers import bp
from kiosk.printers.service import failed_job, printer_rows
from kiosk.printing.jobs import reprint_job
from kiosk.printing.places import staff_printer


def _strip(status: int = 200, **context):
    return render_template("printers/_strip.html", rows=printer_rows(), **context), status


@bp.get("/printer/status")
@staff_required(Action.PRINTERS_WATCH)
def printer_strip():
    """The strip: every printer of the office, polled every 2 s."""
    return _strip()


@bp.post("/printer/cetak-ulang/<id:job_id>")
@staff_required(Action.PRINTERS_WATCH)
def reprint_failed(job_id: int):
    """Print a failed receipt again, where this staff member works."""
    place = staff_printer(g.staff_user)
    try:
        job = reprint_job(failed_job(job_id), place.url)
    except DomainError as refusal:
        return _strip(refusal.status, error=refusal.message)
    if job.status == "failed":
        return _strip(error=_("Gagal dicetak di printer %(place)s.", place=place.name))
    if job.status == "printed":
        return _strip(notice=place.printed_here)
    return _strip(notice=_("Dikirim ke printer %(place)s.", place=place.name))
