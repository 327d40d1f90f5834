"""File receipts: the "tanda terima berkas" and the "perlu dilengkapi" slip."""

from __future__ import annotations

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _

import printer
from kiosk import clock
from kiosk.files.privacy import mask_name
from kiosk.files.requirements import papers
from kiosk.files.service import file_workflow
from kiosk.i18n import long_date
from kiosk.models import CaseFile, PrintJob
from kiosk.offices.current import current_office
from kiosk.queue.labels import fee_text
from kiosk.status.presenter import current_status_label, workflow_notice


def file_status_url(case: CaseFile) -> str:
    """Same URL shape as the ticket receipt: one code, one QR, ticket and file alike."""
    return f"{current_office().base_url}/s/{case.tracking_code}"


def _lang() -> str:
    """The receipt's language: the locale the print worker set (the citizen's kiosk language)."""
    return str(get_locale() or "id")


def _header(receipt: printer.Receipt, title: str, case: CaseFile) -> None:
    office = current_office()
    receipt.heading(office.name)
    if office.address:
        receipt.text(office.address, align="center")
    receipt.rule()
    receipt.text(title, align="center", bold=True)
    receipt.text(case.service.text("name", _lang()), align="center", bold=True)
    receipt.pair(_("Pemohon"), mask_name(case.applicant_name))
    receipt.pair(_("Diterima"), long_date(clock.local(case.accepted_at)))


def _footer(receipt: printer.Receipt, case: CaseFile) -> None:
    receipt.rule()
    receipt.text(_("Cek status berkas: scan QR ini di kiosk atau dengan HP."), align="center")
    receipt.qr(file_status_url(case), caption=case.tracking_code)
    receipt.text(
        _("Pengaduan: %(contact)s", contact=current_app.config["COMPLAINT_CONTACT"]), align="center"
    )
    receipt.text(_("Simpan tanda terima ini sampai dokumen diambil."), align="center")


def file_receipt(case: CaseFile) -> printer.Receipt:
    """Tanda terima berkas: what was handed in, the due date, fee, and the status QR."""
    receipt = printer.Receipt()
    _header(receipt, _("TANDA TERIMA BERKAS"), case)
    lang = _lang()
    status = file_workflow(case).status(case.status)
    receipt.pair(_("Status"), current_status_label(case, lang))
    if case.due_date and status.pauses_due:
        receipt.pair(
            _("Perkiraan selesai"),
            _("%(day)s, mundur selama berkas belum lengkap", day=long_date(case.due_date)),
        )
    elif case.due_date:
        receipt.pair(_("Perkiraan selesai"), long_date(case.due_date))
    else:
        receipt.pair(_("Perkiraan selesai"), _("belum bisa dijanjikan; lihat status"))
    receipt.pair(_("Biaya"), fee_text(case.service, lang))
    notice = workflow_notice(case)
    if notice:
        receipt.text(notice, bold=True)
    receipt.rule()
    handed_in = papers(case, lang)
    if handed_in.received:
        receipt.text(_("Dokumen yang diserahkan:"), bold=True)
        for item in handed_in.received:
            receipt.text("- " + item)
    if handed_in.missing:
        receipt.text(_("Masih kurang:"), bold=True)
        for item in handed_in.missing:
            receipt.checkbox(item)
    _footer(receipt, case)
    return receipt


def incomplete_slip(case: CaseFile) -> printer.Receipt:
    """Perlu dilengkapi: exactly what is still missing, so nobody is sent back twice."""
    receipt = printer.Receipt()
    _header(receipt, _("PERLU DILENGKAPI"), case)
    receipt.rule()
    receipt.text(_("Berkas Anda sudah kami simpan. Bawa dokumen berikut ke kantor desa:"))
    for item in papers(case, _lang()).missing:
        receipt.checkbox(item)
    receipt.text(_("Anda tidak perlu mengantre dari awal: tunjukkan slip ini."), bold=True)
    _footer(receipt, case)
    return receipt


def build(job: PrintJob) -> printer.Receipt:
    """The receipt of a file print job."""
    return incomplete_slip(job.file) if job.kind == "incomplete" else file_receipt(job.file)
