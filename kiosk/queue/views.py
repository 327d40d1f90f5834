"""Kiosk screens: thin views that parse, call the queue service and render."""

from __future__ import annotations

import secrets

from flask import abort, current_app, redirect, request, session, url_for
from flask_babel import get_locale

from kiosk.catalogue.service import find_group, find_service, home_groups
from kiosk.devices.kiosk import KioskNotPaired, issuer, may_take_number
from kiosk.errors import error_response
from kiosk.extensions import status_rate_limit, ticket_rate_limit
from kiosk.files.requirements import states_from_ticks, still_missing
from kiosk.htmx import is_htmx, render
from kiosk.offices.current import current_office
from kiosk.printing.jobs import print_state
from kiosk.queue import bp
from kiosk.queue.forms import LanguageForm, TakeNumberForm
from kiosk.queue.position import estimate_call_at, people_ahead
from kiosk.queue.qr import qr_svg_response
from kiosk.queue.receipt import status_url
from kiosk.queue.service import (
    PRIORITY_REASONS,
    find_ticket,
    issue_ticket,
    office_status,
)
from kiosk.queue.typed_code import code_problem
from kiosk.tracking import ALPHABET, CODE_LENGTH, normalise


def _priority_arg() -> str | None:
    reason = request.values.get("prioritas")
    return reason if reason in PRIORITY_REASONS else None


@bp.get("/")
def home():
    """Home: service tiles, the priority lane, the language toggle.

    ``?reset=1`` (idle reset, "Selesai") gives the next citizen Indonesian, then redirects to
    the plain address, so the language toggle on the resting screen is not reset again."""
    if request.args.get("reset"):
        session.pop("lang", None)
        kept = {key: value for key, value in request.args.items() if key != "reset"}
        return redirect(url_for(".home", **kept), code=303)
    if not may_take_number():
        return _kiosk_only()
    context = {"groups": home_groups(), "office": office_status(), "prioritas": _priority_arg()}
    return render("queue/home.html", "queue/_home.html", **context)


@bp.get("/lainnya")
def other():
    """'Lainnya': something not on the tiles, or not sure which; ask at the counter, no number."""
    return render("queue/other.html", "queue/_other.html")


@bp.get("/prioritas")
def priority_lane():
    """Choose who the priority lane is for."""
    return render("queue/priority.html", "queue/_priority.html", reasons=PRIORITY_REASONS)


@bp.get("/kelompok/<code>")
def group(code: str):
    """A tile with several services (KTP-el, KK): pick the exact one."""
    chosen = find_group(code) or abort(404)
    services = [s for s in chosen.services if s.active]
    if len(services) == 1:
        return redirect(url_for(".service", code=services[0].code, prioritas=_priority_arg()))
    return render(
        "queue/group.html",
        "queue/_group.html",
        group=chosen,
        services=services,
        prioritas=_priority_arg(),
    )


@bp.get("/layanan/<code>")
def service(code: str):
    """Requirements of one service, with the 'do I have this?' checklist and 'Ambil Nomor'."""
    chosen = find_service(code) or abort(404)
    form = TakeNumberForm(
        service=chosen.code, prioritas=_priority_arg() or "", token=secrets.token_urlsafe(18)
    )
    return _requirements_screen(chosen, form)


def _requirements_screen(chosen, form, missing=None, status=200):
    form.punya.choices = [(r.id, r.text("label")) for r in chosen.requirements if r.kind == "bring"]
    return render(
        "queue/service.html",
        "queue/_service.html",
        status=status,
        service=chosen,
        form=form,
        office=office_status(),
        missing=missing,
        prioritas=form.prioritas.data or None,
    )


@bp.post("/ambil")
@ticket_rate_limit()
def take_number():
    """Take a number; missing documents get a kind warning first, never a refusal.

    Only a paired kiosk prints; a phone gets its number on screen (if the office allows)."""
    try:
        issuing = issuer()
    except KioskNotPaired:
        return _kiosk_only(403)
    form = TakeNumberForm()
    chosen = find_service(form.service.data or "") or abort(404)
    form.punya.choices = [(r.id, r.text("label")) for r in chosen.requirements if r.kind == "bring"]
    if not form.validate():
        return _requirements_screen(chosen, form, status=422)
    have = set(form.punya.data or [])
    missing = still_missing(states_from_ticks(chosen.requirements, have), str(get_locale() or "id"))
    if missing and not form.lanjut.data:
        return _requirements_screen(chosen, form, missing=missing)
    ticket = issue_ticket(
        chosen.code,
        priority_reason=form.prioritas.data or None,
        request_token=form.token.data,
        missing=[r.id for r in chosen.requirements if r.kind == "bring" and r.id not in have],
        lang=str(get_locale() or "id"),
        source=issuing.source,
        printer=issuing.printer,
    )
    if is_htmx():
        return _ticket_screen(ticket)
    return redirect(url_for(".ticket_screen", code=ticket.tracking_code), code=303)


def _kiosk_only(status: int = 200):
    """A browser that may not take numbers here (a phone): where to take one, and Cek status."""
    return render("devices/kiosk_only.html", "devices/_kiosk_only.html", status=status)


@bp.get("/tiket/<code>")
@status_rate_limit()
def ticket_screen(code: str):
    """Confirmation: the number huge, people ahead, estimated call time, print status."""
    return _ticket_screen(find_ticket(normalise(code) or "") or abort(404))


def _ticket_screen(ticket):
    ahead = people_ahead(ticket)
    return render(
        "queue/ticket.html",
        "queue/_ticket.html",
        ticket=ticket,
        ahead=ahead,
        estimate=estimate_call_at(ticket, ahead),
        print_status=print_state(ticket),
        status_url=status_url(ticket),
    )


@bp.get("/tiket/<code>/cetak")
@status_rate_limit()
def print_status(code: str):
    """Fragment polled by the confirmation screen until the receipt is printed or has failed."""
    ticket = find_ticket(normalise(code) or "") or abort(404)
    return render(
        "queue/_print_status.html",
        "queue/_print_status.html",
        ticket=ticket,
        print_status=print_state(ticket),
        status_url=status_url(ticket),
    )


@bp.get("/tiket/<code>/qr.svg")
@status_rate_limit()
def ticket_qr(code: str):
    """The receipt's QR as SVG, shown large when the printer fails."""
    ticket = find_ticket(normalise(code) or "") or abort(404)
    return qr_svg_response(status_url(ticket))


@bp.get("/cek")
def check():
    """Cek Status Berkas: the receipt QR from the scanner or camera, or the code on a keypad.

    The screen's scripts send what they read as ``?kode=``: a tracking code goes to its status
    page; anything else comes back here with what was typed and what is wrong with it.
    """
    typed = (request.args.get("kode") or "").strip().lstrip("/")[:80]
    problem = None
    if typed:
        if normalise(typed):
            return redirect(url_for("status.page", code=typed), code=303)
        problem = code_problem(typed)
    digits = [symbol for symbol in ALPHABET if symbol.isdigit()]
    letters = [symbol for symbol in ALPHABET if not symbol.isdigit()]
    return render(
        "queue/check.html",
        "queue/_check.html",
        status=422 if problem else 200,
        digits=digits,
        letters=letters,
        length=CODE_LENGTH,
        problem=problem,
    )


@bp.post("/bahasa")
def language():
    """Switch the kiosk language; the next citizen gets Indonesian again after the idle reset."""
    form = LanguageForm()
    if form.validate():
        session["lang"] = form.lang.data
    elif form.next.errors:
        return error_response("invalid_field", form.next.errors[0], 400)
    target = form.next.data or "/"
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    return redirect(target, code=303)


@bp.app_context_processor
def _kiosk_context():
    config = current_app.config
    return {
        "office_name": current_office().name,
        "idle_seconds": config["KIOSK_IDLE_SECONDS"],
        "idle_warning_seconds": config["KIOSK_IDLE_WARNING_SECONDS"],
    }
