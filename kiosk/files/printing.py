"""Print a file's receipt or slip through the shared print job queue."""

from __future__ import annotations

from kiosk.files.requirements import papers
from kiosk.models import CaseFile, PrintJob
from kiosk.printing.jobs import print_now
from kiosk.printing.places import PrinterPlace, staff_printer


def print_file_receipt(case: CaseFile, kind: str = "file", user=None) -> PrintJob:
    """Queue the tanda terima ("file") or the perlu dilengkapi slip ("incomplete") on the
    printer where `user` works (see places.staff_printer)."""
    return print_now(case.ticket, kind, file=case, printer_url=staff_printer(user).url)


def print_intake_receipts(case: CaseFile, user=None) -> tuple[list[PrintJob], PrinterPlace]:
    """At acceptance: the tanda terima, and the slip too when papers are missing; and where."""
    place = staff_printer(user)
    jobs = [print_now(case.ticket, "file", file=case, printer_url=place.url)]
    if papers(case).missing:
        jobs.append(print_now(case.ticket, "incomplete", file=case, printer_url=place.url))
    return jobs, place
