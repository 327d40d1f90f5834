"""Admin page: counters, the display notice, end of day, staff accounts."""

from __future__ import annotations

from flask import g, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.auth.service import ROLE_LABELS, create_user
from kiosk.catalogue.service import active_services
from kiosk.counter import bp
from kiosk.counter import service as counters
from kiosk.counter.day import carry_over, close_waiting, still_waiting
from kiosk.counter.forms import CounterForm, EndOfDayForm, NoticeForm, UserForm
from kiosk.display.state import notice, set_notice
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import User


def admin_forms(**forms) -> dict:
    """The admin page's forms with their choices filled in."""
    counter_form = forms.get("counter_form") or CounterForm(formdata=None)
    counter_form.services.choices = [
        (s.code, f"{s.prefix} · {s.name_id}") for s in active_services()
    ]
    user_form = forms.get("user_form") or UserForm(formdata=None)
    user_form.role.choices = list(ROLE_LABELS.items())
    user_form.counter.choices = [("", _("— tanpa loket tetap —"))] + [
        (str(c.id), c.name) for c in counters.list_counters()
    ]
    return {
        "counter_form": counter_form,
        "notice_form": forms.get("notice_form") or NoticeForm(formdata=None, notice=notice()),
        "day_form": forms.get("day_form") or EndOfDayForm(formdata=None),
        "user_form": user_form,
    }


def _page(status: int = 200, error: str | None = None, message: str | None = None, **forms):
    return render_template(
        "counter/admin.html",
        counters=counters.list_counters(),
        users=db.session.scalars(select(User).order_by(User.username)).all(),
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
            name=counters.create_counter(form.name.data, form.services.data).name,
        ),
        counter_form=form,
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


@bp.post("/admin/akun")
@staff_required(Action.ADMIN_MANAGE)
def admin_user():
    """Create a staff account."""
    form = admin_forms(user_form=UserForm())["user_form"]
    if not form.validate():
        return _page(422, user_form=form)
    return _attempt(
        lambda: _(
            "Akun %(name)s dibuat.",
            name=create_user(
                form.username.data,
                form.password.data,
                form.role.data,
                form.display_name.data or "",
                int(form.counter.data) if form.counter.data else None,
            ).username,
        ),
        user_form=form,
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
