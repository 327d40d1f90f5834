"""The staff desk's own numbers: issue one for a citizen at the desk, reprint a queue receipt.

Both go through the same paths as the kiosk and the command line: `issue_ticket` (numbering,
hours, quota, the receipt's print job) and the shared print job queue.
"""

from __future__ import annotations

from flask_babel import gettext as _

from kiosk import clock
from kiosk.catalogue.service import active_services
from kiosk.errors import DomainError
from kiosk.models import PrintJob, Ticket
from kiosk.printing.jobs import reprint
from kiosk.printing.places import PrinterPlace
from kiosk.queue.labels import priority_label
from kiosk.queue.service import PRIORITY_REASONS, issue_ticket
from kiosk.queue.service import find_ticket_for_staff as find_ticket

DESK_SOURCE = "desk"
TOKEN_PREFIX = "desk:"


class TicketNotFound(DomainError):
    code = "unknown_ticket"
    status = 404


def service_choices() -> list[tuple[str, str]]:
    """Every active service, as the officer reads it: prefix · name."""
    return [("", _("— pilih layanan —"))] + [
        (s.code, f"{s.prefix} · {s.text('name')}") for s in active_services()
    ]


def priority_choices() -> list[tuple[str, str]]:
    """No priority, or one of the priority lanes."""
    return [("", _("Tidak"))] + [(reason, priority_label(reason)) for reason in PRIORITY_REASONS]


def issue_at_desk(
    service_code: str, priority_reason: str | None, token: str | None, place: PrinterPlace
) -> Ticket:
    """A number for a citizen at the desk; its receipt prints at `place` (the desk's printer)."""
    return issue_ticket(
        service_code,
        priority_reason=priority_reason or None,
        request_token=f"{TOKEN_PREFIX}{token}" if token else None,
        source=DESK_SOURCE,
        printer=place.url,
    )


def reprint_queue_receipt(number_or_code: str, place: PrinterPlace) -> tuple[Ticket, PrintJob]:
    """Reprint a ticket's receipt at `place`: today's number (A-007) or any day's tracking
    code."""
    ticket = find_ticket(number_or_code or "")
    if ticket is None:
        raise TicketNotFound(
            _(
                "Nomor %(num)s tidak ditemukan. Nomor hari lain: pakai kode lacak di struknya.",
                num=number_or_code,
            )
        )
    return ticket, reprint(ticket, place.url)


def today_label(ticket: Ticket) -> str:
    """A-007, with the date when the ticket is not today's."""
    if ticket.day == clock.today():
        return ticket.label
    return f"{ticket.label} ({ticket.day.strftime('%d-%m-%Y')})"
