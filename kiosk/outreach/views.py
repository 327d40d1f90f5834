"""The sheet pages (public GET, no personal data: printed and pinned up) and the staff page
that plans the schedule (/lembar/jadwal/ubah, OUTREACH_MANAGE)."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from kiosk import clock
from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.catalogue.service import active_services, find_service
from kiosk.errors import DomainError
from kiosk.offices.current import current_office
from kiosk.outreach import bp
from kiosk.outreach import service as outreach
from kiosk.outreach.forms import RemoveForm, SessionForm, with_services
from kiosk.outreach.period import Period, month_period, next_days, next_month, parse_month
from kiosk.outreach.sheet import build_sheet
from kiosk.outreach.weekly import weekly_rows
from kiosk.queue.qr import qr_svg_response


class UnknownService(DomainError):
    code = "not_found"
    status = 404


class BadMonth(DomainError):
    code = "invalid_month"
    status = 400


def _sheet_context() -> dict:
    """What every printed page shows about the office: its name, contacts and weekly hours."""
    from babel.dates import get_day_names

    office = current_office()
    names = get_day_names("wide", locale=get_locale() or "id")
    return {
        "office": office,
        "hours_rows": weekly_rows(office.hours, [names[day] for day in range(7)]),
        "always_open": office.hours.always,
        "lang": str(get_locale() or "id"),
    }


@bp.get("")
def index():
    """Every active service with a print link, "print all" and the schedule."""
    today = clock.today()
    return render_template(
        "outreach/index.html",
        services=active_services(),
        next_month=month_period(next_month(today), today),
    )


@bp.get("/<code>")
def sheet(code: str):
    """One service's A4 sheet."""
    service = find_service(code)
    if service is None:
        raise UnknownService(
            _("Layanan itu tidak ada. Pilih layanan dari daftar Lembar persyaratan.")
        )
    context = _sheet_context()
    sheets = [build_sheet(service, context["lang"])]
    return render_template("outreach/sheet.html", sheets=sheets, **context)


@bp.get("/semua")
def all_sheets():
    """Every active service's sheet in one document, one A4 page each."""
    context, coming = _sheet_context(), outreach.upcoming_schedule()
    sheets = [build_sheet(s, context["lang"], coming) for s in active_services()]
    return render_template("outreach/sheet.html", sheets=sheets, every=True, **context)


@bp.get("/qr.svg")
def status_qr():
    """The QR the sheets print: the kiosk's "Cek status berkas" page of this office."""
    return qr_svg_response(f"{current_office().base_url}{url_for('queue.check')}")


@bp.get("/jadwal")
def schedule():
    """One A4 page: evening openings and home visits of the coming month (or ?bulan=YYYY-MM)."""
    period = _requested_period()
    return render_template(
        "outreach/schedule.html",
        period=period,
        month_title=format_date(period.month, "MMMM y") if period.month else None,
        entries=outreach.schedule(period.start, period.end),
        service_names={s.code: s.text("name") for s in active_services()},
        **_sheet_context(),
    )


def _requested_period() -> Period:
    today = clock.today()
    month = request.args.get("bulan")
    if not month:
        return next_days(today)
    first = parse_month(month)
    if first is None:
        raise BadMonth(_("Bulan tidak bisa dibaca. Tulis seperti 2026-12."))
    return month_period(first, today)


@bp.route("/jadwal/ubah", methods=["GET", "POST"])
@staff_required(Action.OUTREACH_MANAGE)
def edit_schedule():
    """Plan an evening session or a home visit; the coming dates with a remove button."""
    form = with_services(SessionForm(), active_services())
    if request.method == "GET":
        return _edit_page(form)
    typed = outreach.SessionInput(
        kind=form.jenis.data,
        day=form.tanggal.data,
        start=form.mulai.data,
        end=form.selesai.data,
        place=form.tempat.data or "",
        services=tuple(form.layanan.data or ()),
        note=form.catatan.data or "",
    )
    unreadable = _unreadable(form)
    if unreadable:
        return _edit_page(form, 422, unreadable)
    try:
        outreach.add_session(typed, g.staff_user)
    except outreach.InvalidSession as refused:
        return _edit_page(form, 422, refused.errors)
    return redirect(url_for(".edit_schedule", ok="tambah"), code=303)


def _unreadable(form: SessionForm) -> dict[str, str]:
    """Dates and times the browser sent in a shape that cannot be read."""
    problems = {}
    if form.tanggal.raw_data and form.tanggal.raw_data[0] and form.tanggal.data is None:
        problems["tanggal"] = _("Tanggal tidak bisa dibaca; pilih dari kalender.")
    for field in (form.mulai, form.selesai):
        if field.raw_data and field.raw_data[0] and field.data is None:
            problems[field.name] = _("Jam tidak bisa dibaca; tulis seperti 19:00.")
    return problems


@bp.post("/jadwal/<id:session_id>/hapus")
@staff_required(Action.OUTREACH_MANAGE)
def remove_session(session_id: int):
    """Take a session off the schedule (CSRF checked by CSRFProtect before the view)."""
    outreach.remove_session(session_id)
    return redirect(url_for(".edit_schedule", ok="hapus"), code=303)


def _edit_page(form: SessionForm, status: int = 200, errors: dict | None = None):
    today = clock.today()
    notice = {
        "tambah": _("Jadwal ditambahkan. Cetak ulang lembar jadwal untuk RT/RW."),
        "hapus": _("Jadwal dihapus. Cetak ulang lembar jadwal untuk RT/RW."),
    }.get(request.args.get("ok") or "")
    coming = outreach.schedule(today, next_days(today).end)
    return render_template(
        "outreach/edit.html",
        form=form,
        errors=errors or {},
        notice=notice,
        sessions=outreach.planned_sessions(today),
        evenings=[entry for entry in coming if entry.from_hours],
        remove_form=RemoveForm(formdata=None),
        service_names={s.code: s.text("name") for s in active_services()},
        **_sheet_context(),
    ), status
