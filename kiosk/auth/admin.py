"""Admin pages for staff accounts (create, reset, disable, role, counter, unlock) and the audit."""

from __future__ import annotations

from flask import g, render_template, request
from flask_babel import gettext as _

from kiosk.auth import accounts, audit, bp
from kiosk.auth.forms import RevokeForm, RoleForm, UserForm
from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.auth.service import ROLE_LABELS
from kiosk.counter.service import list_counters
from kiosk.errors import DomainError


def _counter_choices() -> list[tuple[str, str]]:
    return [("", _("— tanpa loket tetap —"))] + [(str(c.id), c.name) for c in list_counters()]


def _with_choices(form):
    form.role.choices = list(ROLE_LABELS.items())
    form.counter.choices = _counter_choices()
    return form


def _counter_value(raw: str | None) -> int | None:
    return int(raw) if raw else None


def _page(status: int = 200, error=None, message=None, one_time=None, user_form=None):
    html = render_template(
        "auth/accounts.html",
        users=accounts.all_users(),
        user_form=user_form or _with_choices(UserForm(formdata=None)),
        role_form=lambda user: _with_choices(
            RoleForm(formdata=None, role=user.role, counter=str(user.counter_id or ""))
        ),
        button_form=RevokeForm(formdata=None),
        error=error,
        message=message,
        one_time=one_time,
    )
    return html, status  # no-store, like every page (kiosk.security_headers)


@bp.get("/admin/akun")
@staff_required(Action.ADMIN_MANAGE)
def accounts_page():
    """Staff accounts: who, role, counter, last login, lock; actions per account."""
    return _page()


@bp.post("/admin/akun")
@staff_required(Action.ADMIN_MANAGE)
def create_account():
    """A new account with a one-time password shown once."""
    form = _with_choices(UserForm())
    if not form.validate():
        return _page(422, user_form=form)
    try:
        user, password = accounts.create_with_one_time_password(
            form.username.data,
            form.role.data,
            form.display_name.data or "",
            _counter_value(form.counter.data),
            g.staff_user,
        )
    except DomainError as refusal:
        return _page(refusal.status, error=refusal.message, user_form=form)
    return _page(message=_("Akun %(name)s dibuat.", name=user.username), one_time=(user, password))


def _account_action(action):
    """Wrap one per-account action: CSRF, find the account, run, re-render the page."""

    @staff_required(Action.ADMIN_MANAGE)
    def view(user_id: int):
        if not RevokeForm().validate():
            return _page(400, error=_("Formulir kedaluwarsa. Muat ulang halaman."))
        try:
            return action(accounts.get_user(user_id), g.staff_user)
        except DomainError as refusal:
            return _page(refusal.status, error=refusal.message)

    view.__doc__ = action.__doc__
    return view


def _reset(user, admin):
    """A new one-time password for the account."""
    password = accounts.reset_password(user, admin)
    return _page(
        message=_("Kata sandi %(name)s direset.", name=user.username), one_time=(user, password)
    )


def _disable(user, admin):
    """Disable the account; its sessions and tokens end at once."""
    accounts.set_active(user, False, admin)
    return _page(message=_("Akun %(name)s dinonaktifkan.", name=user.username))


def _enable(user, admin):
    """Re-enable the account."""
    accounts.set_active(user, True, admin)
    return _page(message=_("Akun %(name)s diaktifkan lagi.", name=user.username))


def _unlock(user, admin):
    """Lift the account's lock-out."""
    accounts.unlock(user, admin)
    return _page(message=_("Kunci akun %(name)s dibuka.", name=user.username))


def _role(user, admin):
    """Change role and counter."""
    form = _with_choices(RoleForm())
    if not form.validate():
        return _page(422, error=_("Pilih peran dan loket dari daftar."))
    accounts.set_role_and_counter(user, form.role.data, _counter_value(form.counter.data), admin)
    return _page(message=_("Akun %(name)s diperbarui.", name=user.username))


for _path, _action in {
    "reset": _reset,
    "nonaktifkan": _disable,
    "aktifkan": _enable,
    "buka-kunci": _unlock,
    "peran": _role,
}.items():
    bp.add_url_rule(
        f"/admin/akun/<id:user_id>/{_path}",
        endpoint=f"account_{_action.__name__.strip('_')}",
        view_func=_account_action(_action),
        methods=["POST"],
    )


@bp.get("/admin/audit")
@staff_required(Action.ADMIN_MANAGE)
def audit_page():
    """Staff-account events, newest first, paged."""
    number = request.args.get("halaman", "1")
    number = int(number) if number.isdigit() and len(number) < 9 else 1
    events, pages = audit.page(number)
    return render_template("auth/audit.html", events=events, page=min(number, pages), pages=pages)
