"""The queue ticket receipt: what a citizen takes home, composed as a printer.Receipt."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

import printer
from kiosk import clock
from kiosk.i18n import clock_time, long_date
from kiosk.models import Ticket
from kiosk.offices.current import current_office
from kiosk.queue.labels import fee_text, priority_label, time_standard_text
from kiosk.queue.position import estimate_call_at, people_ahead


def status_url(ticket: Ticket) -> str:
    """The URL in the receipt's QR: a phone opens it, the kiosk scanner reads the code in it."""
    return f"{current_office().base_url}/s/{ticket.tracking_code}"


def ticket_receipt(ticket: Ticket) -> printer.Receipt:
    """Compose the receipt: number, service, place in line, checklist, fee, time, QR."""
    config = current_app.config
    service = ticket.service
    lang = ticket.lang or "id"
    receipt = printer.Receipt()
    office = current_office()
    receipt.heading(office.name)
    if office.address:
        receipt.text(office.address, align="center")
    receipt.rule()
    receipt.text(_("NOMOR ANTRIAN"), align="center", bold=True)
    receipt.big(ticket.label)
    receipt.text(service.text("name", lang), align="center", bold=True)
    if ticket.priority:
        receipt.text(
            _("Antrian prioritas: %(who)s", who=priority_label(ticket.priority_reason)),
            align="center",
        )
    issued = clock.local(ticket.issued_at)  # printed in office time
    receipt.text(f"{long_date(issued)} {clock_time(issued)}", align="center")
    receipt.blank()
    ahead = people_ahead(ticket)
    receipt.pair(_("Di depan Anda"), _("%(count)d orang", count=ahead))
    estimate = estimate_call_at(ticket, ahead)
    if estimate is not None:
        receipt.pair(_("Perkiraan dipanggil"), _("± pukul %(time)s", time=clock_time(estimate)))
    receipt.rule()
    _checklist(receipt, ticket, lang)
    receipt.rule()
    receipt.pair(_("Biaya"), fee_text(service, lang))
    receipt.pair(_("Waktu"), time_standard_text(service, lang))
    receipt.pair(_("Dikerjakan"), service.text("done_at_label", lang))
    receipt.rule()
    receipt.text(_("Cek status berkas: pindai QR ini di kiosk atau dengan HP."), align="center")
    receipt.qr(status_url(ticket), caption=ticket.tracking_code)
    receipt.text(_("Jangan membayar apa pun di luar yang tertulis di sini."), align="center")
    receipt.text(_("Pengaduan: %(contact)s", contact=config["COMPLAINT_CONTACT"]), align="center")
    receipt.text(_("Simpan struk ini sampai urusan selesai."), align="center")
    return receipt


def _checklist(receipt: printer.Receipt, ticket: Ticket, lang: str) -> None:
    requirements = ticket.service.requirements
    bring = [r for r in requirements if r.kind == "bring"]
    if bring:
        receipt.text(_("Yang perlu dibawa:"), bold=True)
        for item in bring:
            receipt.checkbox(_requirement_line(item, lang))
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
