"""The kiosk's "Lapor / Pengaduan": asked to pay? → category → optional details → confirm →
the code (large) and a printed receipt. Anonymous by default; nothing about the reporter is
shown on any public screen."""

from __future__ import annotations

import secrets

from flask import abort, redirect, request, url_for
from flask_babel import get_locale

from kiosk.complaints import bp
from kiosk.complaints.categories import ASKED_TO_PAY, categories, find_category
from kiosk.complaints.forms import KioskComplaintForm
from kiosk.complaints.lookup import find_complaint
from kiosk.complaints.receipt import (
    complaint_print_state,
    complaint_status_url,
    print_complaint_receipt,
    receipt_queued,
)
from kiosk.complaints.service import checked, create_complaint
from kiosk.devices.kiosk import current_kiosk
from kiosk.extensions import db, status_rate_limit, ticket_rate_limit
from kiosk.htmx import is_htmx, render
from kiosk.printing.places import OFFICE_KIOSK_PRINTER
from kiosk.queue.qr import qr_svg_response
from kiosk.tracking import normalise


@bp.get("/lapor")
def kiosk_start():
    """First question, plainly: were you asked to pay?"""
    return render("complaints/kiosk_start.html", "complaints/_kiosk_start.html", paid=ASKED_TO_PAY)


@bp.get("/lapor/jenis")
def kiosk_category():
    """Not asked to pay: which kind of problem."""
    others = [c for c in categories() if c.code != ASKED_TO_PAY]
    return render("complaints/kiosk_category.html", "complaints/_kiosk_category.html", items=others)


@bp.route("/lapor/isi", methods=["GET", "POST"])
def kiosk_details():
    """Optional details (GET from a category; POST from "Ubah" keeps what was typed)."""
    form = KioskComplaintForm()
    if request.method == "GET":
        form = KioskComplaintForm(formdata=None, kategori=request.args.get("kategori"))
        form.token.data = secrets.token_urlsafe(18)
    elif not form.validate():
        abort(400)
    return _details(form)


def _details(form, errors=None, status=200):
    category = find_category(form.kategori.data) or abort(404)
    return render(
        "complaints/kiosk_details.html",
        "complaints/_kiosk_details.html",
        status=status,
        form=form,
        category=category,
        errors=errors or {},
    )


@bp.post("/lapor/periksa")
def kiosk_confirm():
    """Check what was typed; show it once more before it is sent."""
    form, refused = _submitted()
    if refused is not None:
        return refused
    return render(
        "complaints/kiosk_confirm.html",
        "complaints/_kiosk_confirm.html",
        form=form,
        category=find_category(form.kategori.data),
    )


@bp.post("/lapor/kirim")
@ticket_rate_limit()
def kiosk_send():
    """Make the complaint; a paired kiosk prints its receipt, any screen shows the code."""
    form, refused = _submitted()
    if refused is not None:
        return refused
    complaint = create_complaint(
        channel="kiosk",
        category=form.kategori.data,
        text=form.cerita.data,
        officer_name=form.petugas.data,
        reporter_phone=form.hp.data,
        phone_consent=form.setuju.data,
        lang=str(get_locale() or "id"),
        request_token=form.token.data,
    )
    device = current_kiosk()
    if device is not None and not receipt_queued(complaint):
        print_complaint_receipt(complaint, device.printer or OFFICE_KIOSK_PRINTER)
    else:
        db.session.commit()
    if is_htmx():
        return _done(complaint)
    return redirect(url_for(".kiosk_done", code=complaint.tracking_code), code=303)


def _submitted():
    """The posted form and None when it may go on; else the details screen again (422), or
    400 for a form no kiosk screen makes."""
    form = KioskComplaintForm()
    if not form.validate():
        find_category(form.kategori.data) or abort(400)
        return form, _details(form, status=422)
    fields = (form.cerita.data, form.petugas.data, None, form.hp.data, form.setuju.data)
    _category, _values, errors = checked(form.kategori.data, *fields)
    return form, (_details(form, errors=errors, status=422) if errors else None)


@bp.get("/lapor/terima/<code>")
@status_rate_limit()
def kiosk_done(code: str):
    """The code in big letters, the print status, the QR if nothing prints."""
    return _done(find_complaint(normalise(code) or "") or abort(404))


def _done(complaint, partial: str = "complaints/_kiosk_done.html"):
    printed = current_kiosk() is not None
    return render(
        "complaints/kiosk_done.html",
        partial,
        complaint=complaint,
        category=find_category(complaint.category),
        print_status=complaint_print_state(complaint) if printed else "none",
        status_url=complaint_status_url(complaint),
    )


@bp.get("/lapor/terima/<code>/cetak")
@status_rate_limit()
def kiosk_print_status(code: str):
    """Fragment polled until the receipt is printed or has failed."""
    complaint = find_complaint(normalise(code) or "") or abort(404)
    return _done(complaint, "complaints/_kiosk_print.html")


@bp.get("/lapor/terima/<code>/qr.svg")
@status_rate_limit()
def kiosk_qr(code: str):
    """The status QR, shown large when the printer fails or nothing prints."""
    complaint = find_complaint(normalise(code) or "") or abort(404)
    return qr_svg_response(complaint_status_url(complaint))
