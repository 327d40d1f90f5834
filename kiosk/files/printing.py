"""Print a file's receipt or slip through the shared print job queue."""

from __future__ import annotations

from kiosk.extensions import db
from kiosk.files.requirements import papers
from kiosk.models import CaseFile, PrintJob
from kiosk.queue.printing import dispatch, queue_receipt


def print_file_receipt(case: CaseFile, kind: str = "file") -> PrintJob:
    """Queue the tanda terima ("file") or the perlu dilengkapi slip ("incomplete")."""
    job = queue_receipt(case.ticket, kind=kind, file=case)
    db.session.commit()
    dispatch(job.id)
    return job


def print_intake_receipts(case: CaseFile) -> list[PrintJob]:
    """At acceptance: the tanda terima, and the slip too when papers are missing."""
    jobs = [print_file_receipt(case, "file")]
    if papers(case).missing:
        jobs.append(print_file_receipt(case, "incomplete"))
    return jobs
