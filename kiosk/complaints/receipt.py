"""The complaint receipt ("tanda terima pengaduan"): the code, the category, the answer date
and the status QR; never the reporter's name or phone, nor the officer the complaint names."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

import printer
from kiosk import clock
from kiosk.complaints.categories import category_label
from kiosk.extensions import db
from kiosk.i18n import clock_time, long_date
from kiosk.models import Complaint, PrintJob
from kiosk.offices.current import current_office
from kiosk.printing.jobs import job_state, print_now


def complaint_status_url(complaint: Complaint) -> str:
    """The status address in the QR: the same /s/<code> as tickets and files."""
    return f"{current_office().base_url}/s/{complaint.tracking_code}"


def complaint_receipt(complaint: Complaint) -> printer.Receipt:
    """Compose the receipt in the print worker's language."""
    lang = str(get_locale() or "id")
    office = current_office()
    receipt = printer.Receipt()
    receipt.heading(office.name)
    if office.address:
        receipt.text(office.address, align="center")
    receipt.rule()
    receipt.text(_("TANDA TERIMA PENGADUAN"), align="center", bold=True)
    receipt.big(complaint.tracking_code)
    receipt.text(category_label(complaint.category, lang), align="center", bold=True)
    made = clock.local(complaint.created_at)
    receipt.text(f"{long_date(made)} {clock_time(made)}", align="center")
    receipt.rule()
    receipt.pair(_("Dijawab paling lambat"), long_date(complaint.due_date))
    receipt.text(_("Laporan Anda aman: nama Anda tidak ditampilkan."), align="center")
    receipt.text(_("Biaya layanan GRATIS. Jangan membayar apa pun kepada siapa pun."), bold=True)
    receipt.rule()
    receipt.text(_("Cek jawaban: scan QR ini di kiosk atau dengan HP."), align="center")
    receipt.qr(complaint_status_url(complaint), caption=complaint.tracking_code)
    receipt.text(_("Simpan struk ini untuk melihat jawaban pengaduan."), align="center")
    return receipt


def build(job: PrintJob) -> printer.Receipt:
    """The receipt of a complaint print job."""
    return complaint_receipt(job.complaint)


def print_complaint_receipt(complaint: Complaint, printer_url: str) -> PrintJob:
    """Queue the receipt on `printer_url`, commit and hand it to the print worker."""
    return print_now(None, "complaint", printer_url=printer_url, complaint=complaint)


def complaint_print_state(complaint: Complaint) -> str:
    """'pending', 'printed' or 'failed' for the complaint's latest receipt."""
    return job_state(_latest_job(complaint))


def receipt_queued(complaint: Complaint) -> bool:
    """Whether a receipt was already queued (the same kiosk form sent twice prints once)."""
    return _latest_job(complaint) is not None


def _latest_job(complaint: Complaint) -> PrintJob | None:
    query = select(PrintJob).where(PrintJob.complaint_id == complaint.id)
    return db.session.scalars(query.order_by(PrintJob.id.desc())).first()
