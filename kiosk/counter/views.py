"""Counter console, statistics and admin pages (thin: parse, call the service, render)."""

from __future__ import annotations

import datetime as dt

from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk import clock
from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action, may_operate_counter
from kiosk.converters import parse_id
from kiosk.counter import bp, confirmation
from kiosk.counter import service as counters
from kiosk.counter.console import console_context, waiting_context
from kiosk.counter.forms import CallSpecificForm, TransferForm
from kiosk.counter.stats import day_statistics
from kiosk.errors import DomainError
from kiosk.htmx import render
from kiosk.offices.current import single_office
from kiosk.offices.service import is_regency_request, offices_in_reach

ACTIONS = {
    "panggil": (counters.call_next, _l("Nomor %(num)s dipanggil.")),
    "ulang": (counters.recall, _l("Nomor %(num)s dipanggil ulang.")),
    "mulai": (counters.start, _l("Mulai melayani %(num)s.")),
    "selesai": (
        counters.finish,
        _l("Nomor %(num)s selesai. Persilakan warga memberi nilai di kios (nomor %(num)s)."),
    ),
    "tidak-hadir": (counters.no_show, _l("Nomor %(num)s ditandai tidak hadir.")),
}


@bp.get("/loket")
@staff_required(Action.COUNTER_OPERATE)
def console():
    """The staff member's own counter, or a list to pick one."""
    if g.staff_user.counter_id:
        return redirect(url_for(".counter_console", counter_id=g.staff_user.counter_id))
    mine = [c for c in counters.list_counters() if may_operate_counter(g.staff_user, c.id)]
    return render_template("counter/pick.html", counters=mine)


@bp.get("/loket/<id:counter_id>")
@staff_required(Action.COUNTER_OPERATE)
def counter_console(counter_id: int):
    """The console of one counter."""
    counter = counters.get_counter(counter_id)
    return render("counter/console.html", "counter/_console.html", **console_context(counter))


@bp.get("/loket/<id:counter_id>/antrian")
@staff_required(Action.COUNTER_OPERATE)
def waiting_list(counter_id: int):
    """The waiting list and counts, polled by the console every few seconds."""
    counter = counters.get_counter(counter_id)
    return render_template("counter/_waiting.html", **waiting_context(counter))


@bp.post("/loket/<id:counter_id>/<any(panggil, ulang, mulai, selesai, 'tidak-hadir'):action>")
@staff_required(Action.COUNTER_OPERATE)
def counter_action(counter_id: int, action: str):
    """Call next, recall, start, finish or no-show; answers with the refreshed console.

    "Selesai" and "Tidak hadir" ask first; so does "Panggil Berikutnya" while a citizen is
    still called or served: finish them, mark them absent, or cancel."""
    counter = counters.get_counter(counter_id)
    decision = confirmation.decide(counter, action, request.form)
    if not decision.answered:
        return _console(counter, decision.status, confirm=decision.question, error=decision.error)
    if decision.then:
        return _call_after(counter, decision.then)
    operation, done_message = ACTIONS[action]
    return _run(
        counter, lambda: str(done_message) % {"num": operation(counter, g.staff_user).label}
    )


def _call_after(counter, then: str):
    """Finish or mark absent the current citizen, then call the next one."""
    close, closed_message = ACTIONS[then]
    try:
        closed = str(closed_message) % {"num": close(counter, g.staff_user).label}
    except DomainError as refusal:
        return _console(counter, refusal.status, error=refusal.message)
    try:
        called = counters.call_next(counter, g.staff_user)
    except DomainError as refusal:
        return _console(counter, refusal.status, notice=closed, error=refusal.message)
    calling = str(ACTIONS["panggil"][1]) % {"num": called.label}
    return _console(counter, 200, notice=f"{closed} {calling}")


@bp.post("/loket/<id:counter_id>/<any(istirahat, lanjut):action>")
@staff_required(Action.COUNTER_OPERATE)
def counter_break(counter_id: int, action: str):
    """Put the counter on break, or back to work."""
    counter = counters.get_counter(counter_id)
    on_break = action == "istirahat"
    message = _("Loket istirahat.") if on_break else _("Loket kembali melayani.")
    return _run(counter, lambda: counters.set_break(counter, on_break, g.staff_user) and message)


@bp.post("/loket/<id:counter_id>/panggil-nomor")
@staff_required(Action.COUNTER_OPERATE)
def call_specific(counter_id: int):
    """Call one number out of order; the reason is logged."""
    counter = counters.get_counter(counter_id)
    form = CallSpecificForm()
    if not form.validate():
        return _console(counter, 422, call_form=form)
    return _run(
        counter,
        lambda: _(
            "Nomor %(num)s dipanggil di luar urutan.",
            num=counters.call_specific(
                counter, form.number.data, form.reason.data, g.staff_user
            ).label,
        ),
        call_form=form,
    )


@bp.post("/loket/<id:counter_id>/alihkan")
@staff_required(Action.COUNTER_OPERATE)
def transfer(counter_id: int):
    """Transfer the current ticket to another counter or service; the number is kept."""
    counter = counters.get_counter(counter_id)
    form = TransferForm()
    kind, _sep, value = (form.target.data or "").partition(":")
    target = {"counter_id": parse_id(value)} if kind == "counter" else {"service_code": value}
    if kind not in ("counter", "service") or not value or None in target.values():
        form.target.errors = [_("Pilih tujuan.")]
        return _console(counter, 422, transfer_form=form)
    return _run(
        counter,
        lambda: _(
            "Nomor %(num)s dialihkan.",
            num=counters.transfer(counter, user=g.staff_user, **target).label,
        ),
        transfer_form=form,
    )


@bp.get("/statistik")
@staff_required(Action.STATS_READ)
def statistics():
    """Today's (or ?hari=YYYY-MM-DD) tickets, waiting and service times, no-shows."""
    try:
        day = dt.date.fromisoformat(request.args["hari"]) if request.args.get("hari") else None
    except ValueError:
        abort(400)
    office_ids, offices, chosen = _statistics_scope()
    return render_template(
        "counter/statistics.html",
        stats=day_statistics(day, office_ids),
        today=clock.today(),
        offices=offices,
        chosen_office=chosen,
    )


def _statistics_scope() -> tuple[list[int] | None, list, str]:
    """(office ids, offices to choose from, chosen code): office staff see their own office;
    a regency account picks one office with ?kantor= or sees them all."""
    if not is_regency_request() or single_office():
        return None, [], ""
    offices = [office for office in offices_in_reach() if office.active]
    chosen = request.args.get("kantor", "")
    picked = [office.id for office in offices if office.code == chosen]
    return picked or [office.id for office in offices], offices, chosen if picked else ""


def _run(counter, operation, **forms):
    """Run a console action; a refusal is shown in the console, never as a crash."""
    try:
        notice = operation()
    except DomainError as refusal:
        return _console(counter, refusal.status, error=refusal.message, **forms)
    return _console(counter, 200, notice=notice)


def _console(counter, status: int, **extra):
    return render(
        "counter/console.html",
        "counter/_console.html",
        status=status,
        **console_context(counter, **extra),
    )
