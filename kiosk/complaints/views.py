"""Staff complaint pages (/pengaduan): the list, one complaint with its history, assign,
answer, close, and "Catat pengaduan" at the counter. Every lookup goes through
`visible_complaints`: a complaint the user may not see is "not found"."""

from __future__ import annotations

import secrets

from flask import g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiosk.access.service import record_complaint_view
from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.complaints import bp
from kiosk.complaints import service as complaints
from kiosk.complaints.categories import categories
from kiosk.complaints.forms import AnswerForm, AssignForm, CounterComplaintForm, FilterForm
from kiosk.complaints.listing import Filters, complaint_list, is_overdue, state_counts
from kiosk.complaints.receipt import print_complaint_receipt, receipt_queued
from kiosk.complaints.states import STATE_LABELS
from kiosk.complaints.visibility import find_visible
from kiosk.errors import DomainError
from kiosk.printing.places import staff_printer


@bp.get("/pengaduan")
@staff_required(Action.COMPLAINTS_HANDLE)
def list_page():
    """Complaints the officer may see, filtered by state, category, overdue or code."""
    form = FilterForm(request.args)
    form.status.choices = [("", _("Semua"))] + [(k, str(v)) for k, v in STATE_LABELS.items()]
    form.jenis.choices = [("", _("Semua"))] + [(c.code, c.text("label")) for c in categories()]
    filters = Filters(
        state=form.status.data or None,
        category=form.jenis.data or None,
        overdue=bool(form.terlambat.data),
        code=(form.kode.data or "").strip() or None,
    )
    return render_template(
        "complaints/list.html",
        form=form,
        rows=complaint_list(g.staff_user, filters),
        counts=state_counts(g.staff_user),
        is_overdue=is_overdue,
    )


@bp.get("/pengaduan/<id:complaint_id>")
@staff_required(Action.COMPLAINTS_HANDLE)
def detail(complaint_id: int):
    """One complaint: what was said, by whom if given, its history, and the next steps."""
    complaint = find_visible(g.staff_user, complaint_id)
    record_complaint_view(g.staff_user, complaint)
    return _detail(complaint)


def _detail(complaint, status: int = 200, error: str | None = None, message=None, answer=None):
    assign_form = AssignForm(formdata=None, version=complaint.version)
    assign_form.petugas_id.choices = [
        (officer.id, officer.display_name or officer.username)
        for officer in complaints.handlers_for(complaint)
    ]
    assign_form.petugas_id.data = complaint.assigned_to_id
    answer_form = AnswerForm(formdata=None, version=complaint.version)
    answer_form.jawaban.data = answer if answer is not None else complaint.answer
    return render_template(
        "complaints/detail.html",
        complaint=complaint,
        assign_form=assign_form,
        answer_form=answer_form,
        overdue=is_overdue(complaint),
        error=error,
        message=message or _notice(request.args.get("ok")),
    ), status


def _notice(code: str | None) -> str | None:
    return {
        "baru": _("Pengaduan dicatat. Tanda terima dikirim ke printer."),
        "tugas": _("Petugas ditugaskan."),
        "jawab": _("Jawaban disimpan; warga bisa membacanya di halaman status."),
        "selesai": _("Pengaduan ditutup."),
    }.get(code or "")


@bp.post("/pengaduan/<id:complaint_id>/tugaskan")
@staff_required(Action.COMPLAINTS_HANDLE)
def assign_step(complaint_id: int):
    """Give the complaint to an officer."""
    complaint = find_visible(g.staff_user, complaint_id)
    form = AssignForm()
    form.petugas_id.choices = [(o.id, "") for o in complaints.handlers_for(complaint)]
    if not form.validate():
        return _detail(complaint, 422, _("Pilih petugas yang boleh menangani pengaduan ini."))
    officer = form.petugas_id.data
    return _step(complaint, "tugas", complaints.assign, officer, g.staff_user, form.version.data)


@bp.post("/pengaduan/<id:complaint_id>/jawab")
@staff_required(Action.COMPLAINTS_HANDLE)
def answer_step(complaint_id: int):
    """Save the answer the citizen reads."""
    complaint = find_visible(g.staff_user, complaint_id)
    form = AnswerForm()
    if not form.validate():
        refusal = _("Jawaban paling banyak %(max)d huruf.", max=complaints.ANSWER_MAX)
        if form.version.errors:
            refusal = _("Formulir kedaluwarsa; coba lagi.")
        return _detail(complaint, 422, refusal, answer=form.jawaban.data)
    text = form.jawaban.data
    return _step(complaint, "jawab", complaints.answer, text, g.staff_user, form.version.data)


@bp.post("/pengaduan/<id:complaint_id>/selesai")
@staff_required(Action.COMPLAINTS_HANDLE)
def close_step(complaint_id: int):
    """Close an answered complaint."""
    complaint = find_visible(g.staff_user, complaint_id)
    form = AnswerForm()
    if not form.validate():
        return _detail(complaint, 400, _("Formulir kedaluwarsa; coba lagi."))
    return _step(complaint, "selesai", complaints.close, g.staff_user, form.version.data)


def _step(complaint, notice: str, change, *args):
    """Run one change; a refusal (stale page, wrong state) shows the page again, fresh."""
    typed = request.form.get("jawaban")
    try:
        change(complaint, *args)
    except DomainError as refusal:
        fresh = find_visible(g.staff_user, complaint.id)
        return _detail(fresh, refusal.status, refusal.message, answer=typed)
    return redirect(url_for(".detail", complaint_id=complaint.id, ok=notice), code=303)


@bp.route("/pengaduan/catat", methods=["GET", "POST"])
@staff_required(Action.COMPLAINTS_HANDLE)
def counter_intake():
    """'Catat pengaduan': a complaint told at the counter (reporter optional)."""
    form = CounterComplaintForm()
    form.kategori.choices = [(c.code, c.text("label")) for c in categories()]
    form.petugas_id.choices = [(0, _("— tidak ada / tidak tahu —"))] + [
        (officer.id, officer.display_name or officer.username)
        for officer in complaints.office_staff()
    ]
    if request.method == "GET":
        form.token.data = secrets.token_urlsafe(18)
        return render_template("complaints/intake.html", form=form, errors={})
    if not form.validate():
        return render_template("complaints/intake.html", form=form, errors={}), 422
    try:
        complaint = complaints.create_complaint(
            channel="counter",
            category=form.kategori.data,
            asked_to_pay=form.diminta_bayar.data,
            text=form.cerita.data,
            officer_name=form.petugas.data,
            officer_id=form.petugas_id.data or None,
            reporter_name=form.nama.data,
            reporter_phone=form.hp.data,
            phone_consent=form.setuju.data,
            user=g.staff_user,
            request_token=form.token.data,
        )
    except complaints.InvalidComplaint as refused:
        return render_template("complaints/intake.html", form=form, errors=refused.errors), 422
    if not receipt_queued(complaint):
        print_complaint_receipt(complaint, staff_printer(g.staff_user).url)
    if find_visible(g.staff_user, complaint.id, missing_ok=True) is None:
        # It names the officer who typed it in (or needs the kepala): they cannot open it.
        return render_template("complaints/intake_done.html", complaint=complaint)
    return redirect(url_for(".detail", complaint_id=complaint.id, ok="baru"), code=303)
