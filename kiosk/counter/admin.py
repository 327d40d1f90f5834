"""Admin page: counters, the display notice, end of day (staff accounts: kiosk.auth.admin)."""

from __future__ import annotations

from flask import g, render_template
from flask_babel import gettext as _

from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.catalogue.service import active_services
from kiosk.counter import bp
from kiosk.counter import service as counters
from kiosk.counter.day import carry_over, close_waiting, still_waiting
from kiosk.counter.forms import CounterForm, CounterPrinterForm, EndOfDayForm, NoticeForm
from kiosk.display.state import notice, set_notice
from kiosk.errors import DomainError


def admin_forms(**forms) -> dict:
    """The admin page's forms with their choices filled in."""
    counter_form = forms.get("counter_form") or CounterForm(formdata=None)
    counter_form.services.choices = [
        (s.code, f"{s.prefix} · {s.text('name')}") for s in active_services()
    ]
    return {
        "counter_form": counter_form,
        "notice_form": forms.get("notice_form") or NoticeForm(formdata=None, notice=notice()),
        "day_form": forms.get("day_form") or EndOfDayForm(formdata=None),
        "printer_form": CounterPrinterForm(formdata=None),
    }


def _page(status: int = 200, error: str | None = None, message: str | None = None, **forms):
    return render_template(
        "counter/admin.html",
        counters=counters.list_counters(),
        waiting=len(still_waiting()),
        error=error,
        message=message,
        **admin_forms(**forms),
    ), status


@bp.get("/admin")
@staff_required(Action.ADMIN_MANAGE)
def admin():
    """The admin page."""
    return _page()


@bp.post("/admin/loket")
@staff_required(Action.ADMIN_MANAGE)
def admin_counter():
    """Create a counter with its services."""
    form = admin_forms(counter_form=CounterForm())["counter_form"]
    if not form.validate():
        return _page(422, counter_form=form)
    return _attempt(
        lambda: _(
            "Loket %(name)s dibuat.",
            name=counters.create_counter(
                form.name.data, form.services.data, form.printer.data
            ).name,
        ),
        counter_form=form,
    )


@bp.post("/admin/loket/<id:counter_id>/printer")
@staff_required(Action.ADMIN_MANAGE)
def admin_counter_printer(counter_id: int):
    """Set or clear a counter's own receipt printer."""
    counter = counters.get_counter(counter_id)
    form = CounterPrinterForm()
    if not form.validate():
        return _page(422, error=_("Alamat printer terlalu panjang."))
    return _attempt(
        lambda: _(
            "Printer %(name)s disimpan.",
            name=counters.set_counter_printer(counter, form.printer.data).name,
        )
    )


@bp.post("/admin/pengumuman")
@staff_required(Action.ADMIN_MANAGE)
def admin_notice():
    """Set the display's notice line."""
    form = NoticeForm()
    if not form.validate():
        return _page(422, notice_form=form)
    set_notice(form.notice.data or "")
    return _page(message=_("Pengumuman layar diperbarui."))


@bp.post("/admin/tutup-hari")
@staff_required(Action.ADMIN_MANAGE)
def admin_end_of_day():
    """Carry waiting tickets to the next opening, or close them with a reason."""
    form = EndOfDayForm()
    if not form.validate():
        return _page(422, day_form=form)
    if form.action.data == "carry":
        return _attempt(_carry)
    return _attempt(
        lambda: _("%(num)d nomor ditutup.", num=close_waiting(form.reason.data, g.staff_user))
    )


def _carry() -> str:
    count, day = carry_over(g.staff_user)
    return _("%(num)d nomor dibawa ke %(day)s.", num=count, day=day.strftime("%d-%m-%Y"))


def _attempt(operation, **forms):
    try:
        message = operation()
    except DomainError as refusal:
        return _page(refusal.status, error=refusal.message, **forms)
    return _page(message=message)
