"""Admin pages: the offices of this server, and one office's settings (/admin/kantor)."""

from __future__ import annotations

from flask import abort, make_response, redirect, render_template, url_for
from flask_babel import gettext as _

from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.errors import DomainError
from kiosk.models import Office
from kiosk.offices import bp
from kiosk.offices.current import SCREEN_COOKIE
from kiosk.offices.forms import ZONES, LocalHolidayForm, OfficeForm, RemoveHolidayForm
from kiosk.offices.requeue import requeue_position, set_requeue_position
from kiosk.offices.service import (
    add_local_holiday,
    all_offices,
    find_office,
    in_reach,
    is_regency_request,
    local_holidays,
    offices_in_reach,
    remove_local_holiday,
    staff_office_id,
    update_office,
)
from kiosk.offices.settings import FIELDS

SCREEN_COOKIE_SECONDS = 3650 * 86400  # a kiosk keeps its office until an admin changes it


def _office_for_staff(code: str) -> Office:
    """One office the admin may manage: their own (a regency admin: any), else 404."""
    office = find_office(code)
    if office is None or not (
        (is_regency_request() and in_reach(office.id)) or office.id == staff_office_id()
    ):
        abort(404)
    return office


def _edit_page(office: Office, form: OfficeForm | None = None, status=200, **context):
    form = form or OfficeForm(
        formdata=None,
        obj=office,
        priority_ratio=str(office.priority_ratio),
        early_issue_minutes=str(office.early_issue_minutes),
        requeue_position=requeue_position(office.id),
    )
    html = render_template(
        "offices/edit.html",
        office=office,
        form=form,
        zones=ZONES,
        holidays=local_holidays(office.id),
        holiday_form=context.pop("holiday_form", None) or LocalHolidayForm(formdata=None),
        remove_form=RemoveHolidayForm(formdata=None),
        **context,
    )
    return make_response(html, status)


@bp.get("/admin/kantor")
@staff_required(Action.OFFICE_MANAGE)
def offices_page():
    """The offices list; an office's own admin (or a one-office server) gets its form."""
    offices = all_offices()
    if len(offices) == 1 or not is_regency_request():
        own = staff_office_id() or offices[0].id
        return _edit_page(next(o for o in offices if o.id == own))
    return render_template("offices/list.html", offices=offices_in_reach(offices))


@bp.get("/admin/kantor/<code>")
@staff_required(Action.OFFICE_MANAGE)
def office_settings_page(code: str):
    """One office's settings form."""
    return _edit_page(_office_for_staff(code))


@bp.post("/admin/kantor/<code>")
@staff_required(Action.OFFICE_MANAGE)
def save_office_settings(code: str):
    """Save the settings; a bad value answers 422 with its message and saves nothing."""
    office = _office_for_staff(code)
    form = OfficeForm()
    if not form.validate():
        return _edit_page(office, form, 422)
    values = {key: getattr(form, key).data for key in FIELDS}
    try:
        set_requeue_position(office.id, form.requeue_position.data or requeue_position(office.id))
        update_office(office.id, values)
    except DomainError as refusal:
        return _edit_page(office, form, refusal.status, error=refusal.message)
    return _edit_page(office, message=_("Pengaturan kantor disimpan."))


@bp.post("/admin/kantor/<code>/libur")
@staff_required(Action.OFFICE_MANAGE)
def add_holiday(code: str):
    """Add a local holiday: the office is closed and due dates skip it."""
    office = _office_for_staff(code)
    form = LocalHolidayForm()
    if not form.validate():
        return _edit_page(office, status=422, holiday_form=form, error=_("Tanggal tidak sah."))
    try:
        add_local_holiday(office.id, form.day.data, form.name.data)
    except DomainError as refusal:
        return _edit_page(office, status=refusal.status, holiday_form=form, error=refusal.message)
    return _edit_page(office, message=_("Hari libur setempat ditambahkan."))


@bp.post("/admin/kantor/<code>/libur/<id:holiday_id>/hapus")
@staff_required(Action.OFFICE_MANAGE)
def remove_holiday(code: str, holiday_id: int):
    """Remove one of the office's own holidays."""
    office = _office_for_staff(code)
    if not RemoveHolidayForm().validate():
        return _edit_page(office, status=400, error=_("Formulir kedaluwarsa; coba lagi."))
    try:
        remove_local_holiday(office.id, holiday_id)
    except DomainError as refusal:
        return _edit_page(office, status=refusal.status, error=refusal.message)
    return _edit_page(office, message=_("Hari libur setempat dihapus."))


@bp.get("/admin/kantor/<code>/layar")
@staff_required(Action.OFFICE_MANAGE)
def claim_screen(code: str):
    """Make this browser (a kiosk or a display) one office's screen, then open the kiosk."""
    office = _office_for_staff(code)
    response = redirect(url_for("queue.home"))
    response.set_cookie(
        SCREEN_COOKIE, office.code, max_age=SCREEN_COOKIE_SECONDS, samesite="Lax", httponly=True
    )
    return response
