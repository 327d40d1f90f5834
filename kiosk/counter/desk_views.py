"""Console routes for the rest of a counter's day: put a no-show back in line, take a number
for a citizen at the desk, reprint a queue receipt (thin: parse, call, render the console)."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _

from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.counter import bp
from kiosk.counter import service as counters
from kiosk.counter.console import desk_ticket_form
from kiosk.counter.desk import issue_at_desk, reprint_queue_receipt, today_label
from kiosk.counter.forms import DeskTicketForm, ReprintForm
from kiosk.counter.noshow import requeue
from kiosk.counter.views import _console, _run
from kiosk.printing.places import PrinterPlace, staff_printer


@bp.post("/loket/<id:counter_id>/kembalikan/<id:ticket_id>")
@staff_required(Action.COUNTER_OPERATE)
def requeue_no_show(counter_id: int, ticket_id: int):
    """Put one of today's no-shows back in line (where the office's setting says)."""
    counter = counters.get_counter(counter_id)
    return _run(
        counter,
        lambda: _(
            "Nomor %(num)s dikembalikan ke antrean.",
            num=requeue(counter, ticket_id, g.staff_user).label,
        ),
    )


@bp.post("/loket/<id:counter_id>/ambil-nomor")
@staff_required(Action.COUNTER_OPERATE)
def desk_ticket(counter_id: int):
    """Take a number for a citizen at the desk; its receipt prints like the kiosk's."""
    counter = counters.get_counter(counter_id)
    form = desk_ticket_form(DeskTicketForm())
    if not form.validate():
        return _console(counter, 422, desk_form=form)
    place = staff_printer(g.staff_user, counter)
    return _run(
        counter,
        lambda: _(
            "Nomor %(num)s diambil untuk warga. Struk dikirim ke printer %(place)s.",
            num=issue_at_desk(form.service.data, form.priority.data, form.token.data, place).label,
            place=place.name,
        ),
        desk_form=form,
    )


@bp.post("/loket/<id:counter_id>/cetak-ulang")
@staff_required(Action.COUNTER_OPERATE)
def reprint_receipt(counter_id: int):
    """Reprint a queue receipt by number (today) or tracking code."""
    counter = counters.get_counter(counter_id)
    form = ReprintForm()
    if not form.validate():
        return _console(counter, 422, reprint_form=form)
    place = staff_printer(g.staff_user, counter)
    return _run(counter, lambda: _reprinted(form.number.data, place), reprint_form=form)


def _reprinted(number_or_code: str, place: PrinterPlace) -> str:
    ticket, job = reprint_queue_receipt(number_or_code, place)
    if job.status == "failed":
        return _(
            "Struk %(num)s gagal dicetak di printer %(place)s: periksa printer.",
            num=today_label(ticket),
            place=place.name,
        )
    return _(
        "Struk %(num)s dikirim ke printer %(place)s.", num=today_label(ticket), place=place.name
    )
