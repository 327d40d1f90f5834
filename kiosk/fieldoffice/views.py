"""The field pages at the office (/lapangan/...): review, a tablet's history, field files,
DTKS visits, the worklist, and field photos (/lampiran/<sha256>)."""

from __future__ import annotations

from flask import abort, g, render_template, request, send_file
from flask_babel import gettext as _

from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.errors import DomainError
from kiosk.fieldoffice import bp, worklist
from kiosk.fieldoffice.assignments import dusun_choices
from kiosk.fieldoffice.dtks import OUTCOMES, visits_by_area
from kiosk.fieldoffice.field_files import counts_per_service, open_field_files
from kiosk.fieldoffice.forms import ConfirmForm, MonthFilterForm
from kiosk.fieldoffice.months import month_of
from kiosk.fieldoffice.photos import PHOTO_CACHE, office_photo
from kiosk.fieldoffice.review import decided, device_history, held_records, review_queue
from kiosk.fieldoffice.tablet_control import tablet
from kiosk.fieldoffice.tablets import TabletRow, tablet_state
from kiosk.files.applicant import sees_full_data
from kiosk.offices.current import current_office
from kiosk.sync import review
from kiosk.sync.blobs import blob_path


@bp.get("/lapangan/tinjau")
@staff_required(Action.FIELD_REVIEW)
def review_page():
    """Clashes and quarantined data waiting for a decision, and the latest decisions."""
    return _review_page()


def _review_page(status: int = 200, error=None, message=None):
    items = review_queue(current_office().id, full=sees_full_data(g.staff_user))
    return render_template(
        "fieldoffice/review.html",
        items=items,
        held=held_records(),
        recent=decided(),
        form=ConfirmForm(formdata=None),
        error=error,
        message=message,
    ), status


@bp.post("/lapangan/tinjau/<id:version_id>/<any(terima, tolak):decision>")
@staff_required(Action.FIELD_REVIEW)
def decide(version_id: int, decision: str):
    """Accept (the incoming values win) or reject (the record stays as it is); both recorded."""
    if not ConfirmForm().validate():
        return _review_page(400, error=_("Formulir kedaluwarsa; coba lagi."))
    accept = decision == "terima"
    try:
        row = review.decide(version_id, current_office().id, g.staff_user, accept=accept)
    except DomainError as refusal:
        return _review_page(refusal.status, error=refusal.message)
    if not accept:
        return _review_page(
            message=_("Ditolak: data tetap seperti sebelumnya. Data dari tablet tetap tersimpan.")
        )
    return _review_page(
        message=_(
            "Diterima: nilai dari tablet dipakai (versi %(version)d).", version=row.record.version
        )
    )


@bp.get("/lapangan/perangkat/<id:device_id>")
@staff_required(Action.FIELD_REVIEW)
def device_page(device_id: int):
    """One tablet's sync history: every op received, its status and flags."""
    device = tablet(device_id, current_office().id)
    return render_template(
        "fieldoffice/device.html",
        row=TabletRow(device, tablet_state(device)),
        history=device_history(device.id),
    )


@bp.get("/lapangan/berkas")
@staff_required(Action.FILES_READ)
def field_files_page():
    """Files taken door to door: their own list, overdue first, and counts per service."""
    return render_template(
        "fieldoffice/files.html", files=open_field_files(), counts=counts_per_service()
    )


@bp.get("/lapangan/dtks")
@staff_required(Action.FILES_READ)
def dtks_page():
    """DTKS visits of a month per dusun and RT: outcome, criteria met, officer, photos."""
    form = MonthFilterForm(request.args, meta={"csrf": False})
    form.dusun.choices = dusun_choices(current_office().id)
    month = month_of(form.bulan.data)
    if month is None:
        form.bulan.errors = [_("Bulan ditulis tahun-bulan, contoh 2026-03.")]
        month = month_of(None)
    areas = visits_by_area(month.start, month.end, form.dusun.data or None)
    status = 422 if form.bulan.errors else 200
    return render_template(
        "fieldoffice/dtks.html", form=form, month=month, areas=areas, outcomes=OUTCOMES
    ), status


@bp.route("/lapangan/tugas", methods=["GET", "POST"])
@staff_required(Action.FIELD_ASSIGN)
def assignments_page():
    """Assign the office's households (by dusun / RT / name) to a field officer."""
    return worklist.assign_page(g.staff_user)


@bp.post("/lapangan/tugas/impor")
@staff_required(Action.FIELD_ASSIGN)
def import_households():
    """Import a CSV list of households: new ones recorded, all assigned; errors by line."""
    return worklist.import_page(g.staff_user)


@bp.get("/lampiran/<sha256>")
@staff_required(Action.FILES_READ)
def photo(sha256: str):
    """A field photo of this office, for staff only; a private cache, never a shared one."""
    attachment = office_photo(sha256)
    if attachment is None:
        abort(404)
    response = send_file(
        blob_path(attachment.sha256), mimetype=attachment.content_type, conditional=True
    )
    response.headers["Cache-Control"] = PHOTO_CACHE
    return response
