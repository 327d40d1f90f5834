"""The worklist page (/lapangan/tugas): find households, assign them, import a CSV list.

The routes are in views.py; this module parses the forms, calls the rules and renders."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import gettext as _

from kiosk.converters import parse_id
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.fieldoffice.assignments import (
    assign,
    checked_period,
    current_assignments,
    dusun_choices,
    field_officer,
    find_households,
    officer_choices,
    this_month,
)
from kiosk.fieldoffice.forms import AssignForm, HouseholdFilterForm, ImportForm
from kiosk.fieldoffice.household_csv import read_household_csv
from kiosk.fieldoffice.household_import import import_households
from kiosk.models import User
from kiosk.offices.current import current_office

MAX_CHOSEN = 500


def assign_page(user: User):
    """GET: the search and the lists; POST: assign the ticked households."""
    form = AssignForm() if request.method == "POST" else _fresh(AssignForm)
    if request.method == "GET":
        return _page(assign_form=form)
    _choices(form)
    chosen = [parse_id(value) for value in request.form.getlist("household")[:MAX_CHOSEN]]
    if not form.validate():
        return _page(422, assign_form=form)
    if not chosen or None in chosen:
        return _page(422, assign_form=form, error=_("Centang minimal satu keluarga."))
    try:
        done, before = _assign(form, chosen, user)
    except DomainError as refusal:
        db.session.rollback()
        return _page(refusal.status, assign_form=form, error=refusal.message)
    message = _("%(new)d keluarga ditugaskan.", new=done)
    if before:
        message += " " + _("%(old)d sudah ditugaskan sebelumnya.", old=before)
    return _page(message=message)


def _assign(form: AssignForm, chosen: list[int], user: User) -> tuple[int, int]:
    office_id = current_office().id
    officer = field_officer(form.officer.data, office_id)
    period = checked_period(form.period_start.data, form.period_end.data)
    return assign(chosen, officer, period, user, office_id)


def import_page(user: User):
    """Read the CSV; any error (by line) imports nothing; else households and assignments."""
    form = ImportForm()
    _choices(form)
    if not form.validate():
        return _page(422, import_form=form)
    office_id = current_office().id
    read = read_household_csv(
        form.file.data.read(), region=current_app.config.get("REGION_CODE") or None
    )
    if not read.ok:
        return _page(422, import_form=form, import_errors=read.errors)
    try:
        officer = field_officer(form.officer.data, office_id)
        period = checked_period(form.period_start.data, form.period_end.data)
        result = import_households(read, officer, period, user, office_id)
    except DomainError as refusal:
        db.session.rollback()
        return _page(refusal.status, import_form=form, error=refusal.message)
    return _page(
        message=_(
            "Impor selesai: %(created)d keluarga baru, %(reused)d sudah tercatat; "
            "%(assigned)d ditugaskan, %(already)d sudah ditugaskan sebelumnya.",
            created=result.created,
            reused=result.reused,
            assigned=result.assigned,
            already=result.already_assigned,
        )
    )


def _fresh(form_class):
    """A form with this month as its period, before anything is posted."""
    period = this_month()
    form = form_class(formdata=None, period_start=period.start, period_end=period.end)
    _choices(form)
    return form


def _choices(form) -> None:
    form.officer.choices = officer_choices(current_office().id)


def _page(status: int = 200, **context):
    office_id = current_office().id
    search = HouseholdFilterForm(request.args, meta={"csrf": False})
    search.dusun.choices = dusun_choices(office_id)
    searched = any(request.args.get(key) for key in ("dusun", "rt", "nama"))
    households = []
    if searched and search.validate():
        households = find_households(office_id, search.dusun.data, search.rt.data, search.nama.data)
    context.setdefault("assign_form", _fresh(AssignForm))
    context.setdefault("import_form", _fresh(ImportForm))
    html = render_template(
        "fieldoffice/assignments.html",
        search=search,
        searched=searched,
        households=households,
        assignments=current_assignments(office_id),
        **context,
    )
    return html, status
