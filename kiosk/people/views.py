"""Staff screens of a person (/warga/<uuid>) and a household (/keluarga/<uuid>): read (masked
without files.read_pii, every look logged), correct, add and move out members."""

from __future__ import annotations

from flask import g, redirect, render_template, url_for
from flask_babel import gettext as _

from kiosk.access.service import record_person_view
from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.files.applicant import sees_full_data
from kiosk.people import bp
from kiosk.people import editing as edits
from kiosk.people.forms import HouseholdForm, MemberForm, MoveOutForm, PersonForm
from kiosk.people.pages import (
    get_household,
    get_person,
    household_context,
    person_context,
    unsaved_changes,
)


@bp.get("/warga/<public_id>")
@staff_required(Action.FILES_READ)
def person(public_id: str):
    """A person: data, household, files as applicant or subject."""
    found = get_person(public_id)
    full = sees_full_data(g.staff_user)
    record_person_view(g.staff_user, found, masked=not full)
    return render_template("people/person.html", **person_context(found, full))


@bp.route("/warga/<public_id>/ubah", methods=["GET", "POST"])
@staff_required(Action.FILES_EDIT)
def edit_person(public_id: str):
    """Correct a person's data; a save on a stale page is refused (409) with today's values."""
    found = get_person(public_id)
    return _edit_page(
        found,
        lambda: PersonForm(formdata=None, obj=found),
        lambda form: edits.update_person(found, form.person_data(), form.version.data),
        PersonForm(),
        "people/edit_person.html",
        ".person",
    )


@bp.get("/keluarga/<public_id>")
@staff_required(Action.FILES_READ)
def household(public_id: str):
    """A household: KK, address, members with their relation, files about the family."""
    return _household_page(get_household(public_id))


@bp.route("/keluarga/<public_id>/ubah", methods=["GET", "POST"])
@staff_required(Action.FILES_EDIT)
def edit_household(public_id: str):
    """Correct a household's KK number and address, conditional on its version."""
    home = get_household(public_id)
    return _edit_page(
        home,
        lambda: HouseholdForm(formdata=None, obj=home, kk=home.kk_number),
        lambda form: edits.update_household(home, form.home_data(), form.version.data),
        HouseholdForm(),
        "people/edit_household.html",
        ".household",
    )


@bp.post("/keluarga/<public_id>/anggota")
@staff_required(Action.FILES_EDIT)
def add_member(public_id: str):
    """Add a member: a NIK on record moves that person in, else a new person is recorded."""
    home = get_household(public_id)
    form = MemberForm()
    if not form.validate():
        return _household_page(home, 422, member_form=form)
    try:
        member, moved = edits.add_member(home, form.person_data())
    except edits.InvalidPeopleData as refusal:
        _field_errors(form, refusal.errors)
        return _household_page(home, 422, member_form=form, error=refusal.message)
    message = _("%(name)s masuk keluarga ini.", name=member.name)
    if moved:
        message = _("%(name)s (sudah tercatat) dipindah ke keluarga ini.", name=member.name)
    return _household_page(home, message=message)


@bp.post("/keluarga/<public_id>/anggota/<member_id>/keluar")
@staff_required(Action.FILES_EDIT)
def move_out(public_id: str, member_id: str):
    """Move a member out of the household; the person and their files stay on record."""
    home = get_household(public_id)
    form = MoveOutForm()
    if not form.validate():
        return _household_page(home, 422, error=_form_problem(form))
    try:
        member = edits.member_of(home, member_id)
        edits.move_out(home, member, form.version.data)
    except (edits.RecordChanged, edits.NotAMember) as refusal:
        return _household_page(home, refusal.status, error=refusal.message)
    return _household_page(home, message=_("%(name)s keluar dari keluarga ini.", name=member.name))


def _edit_page(record, fresh_form, save, form, template: str, done: str):
    """An edit form: today's values, or what was typed with its errors (422), or today's
    values again with the conflict message when someone else saved first (409)."""
    error, status, unsaved = None, 200, []
    if not form.is_submitted():
        form = fresh_form()
    elif not form.validate():
        error, status = _form_problem(form), 422
    else:
        try:
            save(form)
        except edits.RecordChanged as refusal:
            typed, form, error, status = form, fresh_form(), refusal.message, 409
            unsaved = unsaved_changes(typed, form)
        except edits.InvalidPeopleData as refusal:
            _field_errors(form, refusal.errors)
            error, status = refusal.message, 422
        else:
            return redirect(url_for(done, public_id=record.uuid, disimpan=1), code=303)
    if status != 422:  # a form with errors keeps the version it was drawn with
        form.version.data = record.version
    record_person_view(g.staff_user, record, masked=False)
    context = {"record": record, "form": form, "error": error, "unsaved": unsaved}
    return render_template(template, **context), status


def _household_page(home, status: int = 200, **extra):
    """The household page; every render shows personal data, so every render is logged."""
    full = sees_full_data(g.staff_user)
    record_person_view(g.staff_user, home, masked=not full)
    extra.setdefault("member_form", MemberForm(formdata=None))
    context = {**household_context(home, full), "move_form": MoveOutForm(formdata=None), **extra}
    return render_template("people/household.html", **context), status


def _form_problem(form) -> str:
    """One line for the top of the page: a missing version says so, else "check the fields"."""
    return " ".join(map(str, form.version.errors)) or _(
        "Data belum benar. Periksa isian yang ditandai."
    )


def _field_errors(form, errors: dict[str, str]) -> None:
    """Show the rules' errors on the fields they belong to."""
    for name, message in errors.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
