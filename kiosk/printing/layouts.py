"""Receipt kinds and the feature function composing each from its print job row."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import force_locale

import printer
from kiosk.models import PrintJob

RECEIPT_BUILDERS: dict[str, Callable[[PrintJob], printer.Receipt]] = {}


def register_receipt(kind: str, builder: Callable[[PrintJob], printer.Receipt]) -> None:
    """Let a feature print its own receipt kind through the same job queue."""
    RECEIPT_BUILDERS[kind] = builder


def job_lang(job: PrintJob) -> str:
    """The language the citizen used at the kiosk (Indonesian without a ticket)."""
    owner = job.ticket if job.ticket is not None else job.complaint
    return (owner.lang if owner is not None else None) or "id"


def receipt_for(job: PrintJob) -> printer.Receipt:
    """The job's receipt, composed from its row, in the citizen's language."""
    with force_locale(job_lang(job)):
        return RECEIPT_BUILDERS[job.kind](job)
