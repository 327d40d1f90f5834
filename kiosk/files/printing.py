"""Print a file's receipt or slip through the shared print job queue."""

from __future__ import annotations

from kiosk.files.requirements import papers
from kiosk.models import CaseFile, PrintJob
from kiosk.printing.jobs import print_now


def print_file_receipt(case: CaseFile, kind: str = "file") -> PrintJob:
    """Queue the tanda terima ("file") or the perlu dilengkapi slip ("incomplete")."""
    return print_now(case.ticket, kind, file=case)


def print_intake_receipts(case: CaseFile) -> list[PrintJob]:
    """At acceptance: the tanda terima, and the slip too when papers are missing."""
    jobs = [print_file_receipt(case, "file")]
    if papers(case).missing:
        jobs.append(print_file_receipt(case, "incomplete"))
    return jobs
