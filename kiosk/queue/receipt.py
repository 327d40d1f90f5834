"""The queue ticket receipt: what a citizen takes home, composed as a printer.Receipt.

The receipt is composed from `TicketFacts`, a snapshot the request takes when it issues the
number (it has just counted the people ahead and estimated the call time), so the print worker
reads neither the ticket nor the queue again; the service's texts come from a short-lived cache.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

import printer
from kiosk import cache, clock
from kiosk.extensions import db
from kiosk.files.requirements import (
    alternatives_together,
    missing_requirement_ids,
    one_of_text,
)
from kiosk.i18n import clock_time, long_date
from kiosk.models import Service, Ticket
from kiosk.offices.current import current_office
from kiosk.queue.labels import fee_text, priority_label, time_standard_text
from kiosk.queue.position import estimate_call_at, people_ahead

# An edit of a service's texts or requirements reaches the receipts within this time.
SERVICE_TTL_SECONDS = 10.0


@dataclass(frozen=True)
class TicketFacts:
    """What the receipt says about a ticket, taken at one moment (plain data, no ORM object)."""

    label: str
    tracking_code: str
    service_id: int
    priority: bool
    priority_reason: str | None
    issued_at: dt.datetime
    lang: str
    ahead: int
    estimate: dt.datetime | None
    calls_from: dt.datetime | None = None  # taken before opening: when calling starts
    unticked: tuple | None = None  # what the citizen did not tick at the kiosk (None: no ticks)

    @classmethod
    def of(
        cls, ticket: Ticket, ahead: int | None = None, estimate=None, calls_from=None
    ) -> TicketFacts:
        """The ticket's facts; its place in line is counted now unless the caller has it."""
        if ahead is None:
            ahead = people_ahead(ticket)
            estimate = estimate_call_at(ticket, ahead)
        return cls(
            label=ticket.label,
            tracking_code=ticket.tracking_code,
            service_id=ticket.service_id,
            priority=bool(ticket.priority),
            priority_reason=ticket.priority_reason,
            issued_at=ticket.issued_at,
            lang=ticket.lang or "id",
            ahead=ahead,
            estimate=estimate,
            calls_from=calls_from,
            unticked=(
                tuple(ticket.missing_requirements or ()) if ticket.source == "kiosk" else None
            ),
        )


def status_url(ticket: Ticket | TicketFacts) -> str:
    """The URL in the receipt's QR: a phone opens it, the kiosk scanner reads the code in it."""
    return f"{current_office().base_url}/s/{ticket.tracking_code}"


def ticket_receipt(ticket: Ticket) -> printer.Receipt:
    """The receipt of a ticket as it stands now (reprints)."""
    return receipt_from_facts(TicketFacts.of(ticket))


def receipt_from_facts(ticket: TicketFacts) -> printer.Receipt:
    """Compose the receipt: number, service, place in line, checklist, fee, time, QR."""
    config = current_app.config
    service = receipt_service(ticket.service_id)
    lang = ticket.lang
    receipt = printer.Receipt()
    office = current_office()
    receipt.heading(office.name)
    if office.address:
        receipt.text(office.address, align="center")
    receipt.rule()
    receipt.text(_("NOMOR ANTREAN"), align="center", bold=True)
    receipt.big(ticket.label)
    receipt.text(service.text("name", lang), align="center", bold=True)
    if ticket.priority:
        receipt.text(
            _("Antrean prioritas: %(who)s", who=priority_label(ticket.priority_reason)),
            align="center",
        )
    issued = clock.local(ticket.issued_at)  # printed in office time
    receipt.text(f"{long_date(issued)} {clock_time(issued)}", align="center")
    receipt.blank()
    if ticket.calls_from is not None:
        receipt.text(
            _("Pemanggilan mulai pukul %(time)s.", time=clock_time(ticket.calls_from)),
            align="center",
            bold=True,
        )
    receipt.pair(_("Di depan Anda"), ngettext("%(num)d orang", "%(num)d orang", ticket.ahead))
    estimate = ticket.estimate
    if estimate is not None:
        receipt.pair(
            _("Perkiraan dipanggil"), _("sekitar pukul %(time)s", time=clock_time(estimate))
        )
    watch_tv = _("Perhatikan layar TV di ruang tunggu: nomor Anda dipanggil di sana.")
    receipt.text(watch_tv, align="center")
    receipt.rule()
    _checklist(receipt, service, lang, _missing_ids(service, ticket.unticked))
    receipt.rule()
    receipt.pair(_("Biaya"), fee_text(service, lang))
    receipt.pair(_("Waktu"), time_standard_text(service, lang))
    receipt.pair(_("Dikerjakan"), service.text("done_at_label", lang))
    receipt.rule()
    receipt.text(_("Cek status berkas: scan QR ini di kiosk atau dengan HP."), align="center")
    receipt.qr(status_url(ticket), caption=ticket.tracking_code)
    receipt.text(_("Jangan membayar apa pun di luar yang tertulis di sini."), align="center")
    receipt.text(_("Pengaduan: %(contact)s", contact=config["COMPLAINT_CONTACT"]), align="center")
    receipt.text(_("Simpan struk ini sampai urusan selesai."), align="center")
    return receipt


def receipt_service(service_id: int) -> Service:
    """The service with its requirements, read in a session of its own and kept a few seconds
    (kiosk.cache): a detached object, safe to read from any thread while the cache holds it."""
    return cache.memo(
        "receipt_service", service_id, SERVICE_TTL_SECONDS, lambda: _load_service(service_id)
    )


def _load_service(service_id: int) -> Service:
    query = select(Service).where(Service.id == service_id)
    with Session(db.engine) as session:
        return session.scalars(query.options(selectinload(Service.requirements))).one()


def _missing_ids(service: Service, unticked: tuple | None) -> set[int]:
    """The papers the citizen's ticks at the kiosk leave missing (none without ticks)."""
    if unticked is None:
        return set()
    bring = [r for r in service.requirements if r.kind == "bring"]
    ticked = {r.id for r in bring if r.id not in unticked and r.text("label") not in unticked}
    return missing_requirement_ids(bring, ticked)


def _checklist(
    receipt: printer.Receipt, service: Service, lang: str, missing: set[int] = frozenset()
) -> None:
    requirements = service.requirements
    bring = [r for r in requirements if r.kind == "bring"]
    if bring:
        receipt.text(_("Yang perlu dibawa:"), bold=True)
        if missing:
            receipt.text(_("BELUM ADA = belum Anda centang di kiosk."))
        for entry in alternatives_together(bring):
            line = one_of_text([_requirement_line(item, lang) for item in entry])
            if any(item.id in missing for item in entry):
                receipt.checkbox(_("BELUM ADA: %(paper)s", paper=line), bold=True)
            else:
                receipt.checkbox(line)
    made = [r for r in requirements if r.kind == "made"]
    if made:
        receipt.text(_("Dibuat di kantor ini:"), bold=True)
        for item in made:
            receipt.text("- " + item.text("label", lang))
    captured = [r for r in requirements if r.kind == "captured"]
    if captured:
        receipt.text(_("Dicatat/difoto petugas:"), bold=True)
        for item in captured:
            receipt.text("- " + item.text("label", lang))


def _requirement_line(item, lang: str) -> str:
    line = item.text("label", lang)
    condition = item.text("condition", lang)
    if condition:
        line += f" ({condition})"
    elif item.optional:
        line += " " + _("(jika ada)")
    return line
