"""The village meeting pages (/puskesos/musyawarah/...): thin; the rules are in service.py."""

from __future__ import annotations

import datetime as dt

from flask import g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk import clock
from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.errors import DomainError
from kiosk.fieldoffice.assignments import dusun_choices
from kiosk.htmx import is_htmx
from kiosk.offices.current import current_office
from kiosk.welfare.meeting import bp, service
from kiosk.welfare.meeting.forms import (
    AddForm,
    AttendeeForm,
    ConfirmForm,
    DecisionForm,
    MeetingForm,
    PresentForm,
)
from kiosk.welfare.meeting.minutes import minutes_of
from kiosk.welfare.meeting.rows import criteria_legend, meeting_rows, rows_for

EXPIRED = _l("Formulir kedaluwarsa; muat ulang lalu coba lagi.")
NOTICES = {
    "daftar": _l("Usulan dimasukkan ke daftar musyawarah."),
    "dihapus": _l("Usulan dikeluarkan dari daftar; tetap menunggu musyawarah berikutnya."),
    "dibuka": _l("Musyawarah dibuka. Catat kehadiran dan keputusan tiap baris."),
    "ditutup": _l(
        "Musyawarah ditutup. Baris yang belum diputuskan menunggu musyawarah berikutnya."
    ),
}


@bp.get("")
@staff_required(Action.WELFARE_READ)
def index():
    """The office's meetings, newest first."""
    return render_template("welfare/meeting/index.html", meetings=service.meetings())


@bp.route("/baru", methods=["GET", "POST"])
@staff_required(Action.WELFARE_EDIT)
def new():
    """A new meeting (draft): kind, date, place, area, chair and minute-taker."""
    return _details_page(None)


@bp.route("/<id:meeting_id>/ubah", methods=["GET", "POST"])
@staff_required(Action.WELFARE_EDIT)
def edit(meeting_id: int):
    """Change a draft meeting's details."""
    return _details_page(service.get_meeting(meeting_id))


def _details_page(meeting):
    posted = request.method == "POST"
    form = MeetingForm() if posted else _filled(meeting)
    form.dusun.choices = dusun_choices(current_office().id)
    error = None
    if posted and form.validate():
        try:
            meeting = service.save_meeting(
                meeting, g.staff_user, held_at=_held_at(form), **_details(form)
            )
        except DomainError as refusal:
            error = refusal.message
        else:
            return redirect(url_for(".detail", meeting_id=meeting.id))
    status = 400 if posted else 200
    return render_template(
        "welfare/meeting/edit.html", form=form, meeting=meeting, error=error
    ), status


def _filled(meeting) -> MeetingForm:
    """The form as a GET shows it: the meeting's values, or today at 09.00 for a new one."""
    if meeting is None:
        return MeetingForm(formdata=None, day=clock.today(), time=dt.time(9, 0))
    local = clock.local(meeting.held_at)
    return MeetingForm(
        formdata=None, obj=meeting, day=local.date(), time=local.time().replace(tzinfo=None)
    )


def _held_at(form: MeetingForm) -> dt.datetime:
    return dt.datetime.combine(form.day.data, form.time.data, tzinfo=clock.office_tz())


def _details(form: MeetingForm) -> dict:
    names = ("kind", "place", "dusun", "rt", "chair_name", "secretary_name")
    return {name: getattr(form, name).data for name in names}


@bp.get("/<id:meeting_id>")
@staff_required(Action.WELFARE_READ)
def detail(meeting_id: int):
    """The meeting: details, the list (and candidates while draft), attendance, decisions."""
    notice = NOTICES.get(request.args.get("ok", ""))
    return _detail(service.get_meeting(meeting_id), notice=str(notice) if notice else None)


def _detail(meeting, status: int = 200, error: str | None = None, notice: str | None = None):
    return render_template(
        "welfare/meeting/detail.html",
        meeting=meeting,
        rows=meeting_rows(meeting),
        candidates=rows_for(service.candidates(meeting)) if meeting.state == "draft" else [],
        attendee_form=AttendeeForm(formdata=None),
        form=ConfirmForm(formdata=None),
        error=error,
        notice=notice,
    ), status


def _step(meeting_id: int, form_class, action, notice: str):
    """Run one whole-page step (a plain POST): redirect on success, the page with the reason
    otherwise."""
    meeting = service.get_meeting(meeting_id)
    form = form_class()
    if not form.validate():
        return _detail(meeting, 400, error=str(EXPIRED))
    try:
        action(meeting, form)
    except DomainError as refusal:
        return _detail(meeting, refusal.status, error=refusal.message)
    return redirect(url_for(".detail", meeting_id=meeting.id, ok=notice))


@bp.post("/<id:meeting_id>/daftar")
@staff_required(Action.WELFARE_EDIT)
def add(meeting_id: int):
    """Put one candidate (or all of them) on the draft meeting's list."""

    def action(meeting, form):
        chosen = form.proposal.data
        if chosen and not chosen.isdigit():
            raise service.MeetingInputError(_("Usulan tidak dikenali."))
        service.add_proposals(meeting, [int(chosen)] if chosen else None)

    return _step(meeting_id, AddForm, action, "daftar")


@bp.post("/<id:meeting_id>/daftar/<id:item_id>/hapus")
@staff_required(Action.WELFARE_EDIT)
def remove(meeting_id: int, item_id: int):
    """Take a proposal off the draft meeting's list."""
    return _step(meeting_id, ConfirmForm, lambda m, _f: service.remove_item(m, item_id), "dihapus")


@bp.post("/<id:meeting_id>/buka")
@staff_required(Action.WELFARE_MEETING)
def open_meeting(meeting_id: int):
    """Start the meeting: attendance and decisions from now on."""
    return _step(meeting_id, ConfirmForm, lambda m, _f: service.open_meeting(m), "dibuka")


@bp.post("/<id:meeting_id>/tutup")
@staff_required(Action.WELFARE_MEETING)
def close(meeting_id: int):
    """Close the meeting and number the minutes."""
    return _step(meeting_id, ConfirmForm, lambda m, _f: service.close_meeting(m), "ditutup")


@bp.post("/<id:meeting_id>/hadir")
@staff_required(Action.WELFARE_MEETING)
def add_attendee(meeting_id: int):
    """Add a person to the attendance list (HTMX: the list is swapped)."""
    meeting = service.get_meeting(meeting_id)
    form = AttendeeForm()
    error = None
    if form.validate():
        try:
            service.add_attendee(meeting, form.name.data, form.role.data, form.present.data)
        except DomainError as refusal:
            error = refusal.message
        else:
            form = AttendeeForm(formdata=None)
    else:
        error = next(iter(sum(form.errors.values(), [])), None)
    return _attendance(meeting, form, error)


@bp.post("/<id:meeting_id>/hadir/<id:attendee_id>")
@staff_required(Action.WELFARE_MEETING)
def mark_present(meeting_id: int, attendee_id: int):
    """Tick or untick one attendee (HTMX)."""
    return _attendee_step(
        meeting_id, PresentForm, lambda m, f: service.set_present(m, attendee_id, f.present.data)
    )


@bp.post("/<id:meeting_id>/hadir/<id:attendee_id>/hapus")
@staff_required(Action.WELFARE_MEETING)
def remove_attendee(meeting_id: int, attendee_id: int):
    """Take a name off the attendance list (HTMX)."""
    return _attendee_step(
        meeting_id, ConfirmForm, lambda m, _f: service.remove_attendee(m, attendee_id)
    )


def _attendee_step(meeting_id: int, form_class, action):
    meeting = service.get_meeting(meeting_id)
    form = form_class()
    error = None
    if not form.validate():
        error = str(EXPIRED)
    else:
        try:
            action(meeting, form)
        except DomainError as refusal:
            error = refusal.message
    return _attendance(meeting, AttendeeForm(formdata=None), error)


def _attendance(meeting, attendee_form, error):
    return _fragment(
        meeting, "welfare/meeting/_attendance.html", error, attendee_form=attendee_form
    )


def _fragment(meeting, partial: str, error: str | None, **context):
    """HTMX: the fragment (400 with the reason in it); a plain post: back to the page."""
    status = 400 if error else 200
    if is_htmx():
        response = make_response(
            render_template(partial, meeting=meeting, error=error, **context), status
        )
        response.vary.add("HX-Request")
        return response
    if error:
        return _detail(meeting, status, error=error)
    return redirect(url_for(".detail", meeting_id=meeting.id))


@bp.post("/<id:meeting_id>/keputusan/<id:item_id>")
@staff_required(Action.WELFARE_MEETING)
def decide(meeting_id: int, item_id: int):
    """Record (or correct) the decision on one row; the file moves at once (HTMX: the row)."""
    meeting = service.get_meeting(meeting_id)
    form = DecisionForm()
    error = None
    if not form.validate():
        error = next(iter(sum(form.errors.values(), [])), None)
    else:
        try:
            service.decide(meeting, item_id, form.decision.data, form.reason.data, g.staff_user)
        except DomainError as refusal:
            error = refusal.message
    rows = meeting_rows(meeting)
    numbers = {row.item.id: number for number, row in enumerate(rows, 1)}
    if item_id not in numbers:
        return _detail(meeting, 404, error=_("Baris ini tidak ada di daftar musyawarah."))
    return _fragment(
        meeting,
        "welfare/meeting/_decision_row.html",
        error,
        row=rows[numbers[item_id] - 1],
        number=numbers[item_id],
        typed_reason=form.reason.data if error else None,
    )


@bp.get("/<id:meeting_id>/cetak")
@staff_required(Action.WELFARE_READ)
def print_list(meeting_id: int):
    """The list for the room, as an A4 page (Cetak: the browser's print)."""
    meeting = service.get_meeting(meeting_id)
    rows = meeting_rows(meeting)
    return render_template(
        "welfare/meeting/print_list.html",
        meeting=meeting,
        rows=rows,
        legend=criteria_legend(rows),
        office=current_office(),
    )


@bp.get("/<id:meeting_id>/berita-acara")
@staff_required(Action.WELFARE_READ)
def minutes(meeting_id: int):
    """The minutes (berita acara): final once closed, a draft while the meeting runs."""
    meeting = service.get_meeting(meeting_id)
    return render_template(
        "welfare/meeting/minutes.html",
        meeting=meeting,
        minutes=minutes_of(meeting, current_office().name),
        office=current_office(),
    )
