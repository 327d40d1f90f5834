"""Login, logout, and the staff member's own password and API tokens."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import g, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import logout_user

from kiosk.auth import accounts, bp
from kiosk.auth.forms import ChangePasswordForm, LoginForm, RevokeForm
from kiosk.auth.guards import LOGIN_AT, staff_required, staff_user, start_session
from kiosk.auth.permissions import HOME_ENDPOINT, Action, allowed
from kiosk.auth.service import LoginFailed, authenticate
from kiosk.errors import DomainError
from kiosk.offices.current import current_office
from kiosk.offices.service import office_choices


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    """Staff log in here; wrong passwords count towards a temporary lock."""
    form = LoginForm(next=request.args.get("next", ""), office=current_office().code)
    form.office.choices = office_choices()
    error = None
    status = 200
    if form.validate_on_submit():
        try:
            user = authenticate(form.username.data, form.password.data, form.office.data)
        except LoginFailed as failure:
            error, status = failure.message, failure.status
        else:
            start_session(user)
            if user.must_change_password:
                return redirect(url_for("auth.change_password"))
            return redirect(safe_next(form.next.data) or url_for(HOME_ENDPOINT[user.role]))
    elif request.method == "POST":
        status = 422
    return render_template("auth/login.html", form=form, error=error), status


@bp.post("/keluar")
def logout():
    """End this user's sessions everywhere and revoke their API tokens."""
    user = staff_user()
    if user is not None:
        accounts.logout(user)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirect)."""
    if not target or len(target) > 2000:
        return None
    # Browsers drop tabs/newlines and read "\" as "/": "/\t/evil" and "/\evil" leave the site.
    # Check the decoded form too, in case the value is decoded once more on its way.
    for form in (target, unquote(target)):
        if not form.startswith("/") or form.startswith("//") or "\\" in form:
            return None
        if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in form):
            return None
        parts = urlsplit(form)
        if parts.scheme or parts.netloc:
            return None
    return target


@bp.get("/staf")
@staff_required(Action.STAFF_HOME)
def home():
    """A landing page listing what this staff member may open."""
    return render_template("auth/home.html")


@bp.route("/akun/kata-sandi", methods=["GET", "POST"])
@staff_required(Action.ACCOUNT_SELF, allow_password_change=True)
def change_password():
    """Staff choose their own password; after a one-time password they must, before anything."""
    user = g.staff_user
    form = ChangePasswordForm()
    error, status = None, 200
    if form.validate_on_submit():
        try:
            accounts.change_own_password(user, form.current.data, form.new.data)
        except DomainError as refusal:
            error, status = refusal.message, refusal.status
        else:
            # Every other session has ended; this browser stays in, within its original lifetime.
            start_session(user, login_at=session.get(LOGIN_AT))
            return redirect(url_for(HOME_ENDPOINT[user.role]))
    elif request.method == "POST":
        status = 422
    return render_template(
        "auth/change_password.html", form=form, error=error, forced=user.must_change_password
    ), status


@bp.get("/akun/token")
@staff_required(Action.ACCOUNT_SELF)
def tokens():
    """API tokens: your own, or everyone's for an admin."""
    return _tokens_page()


@bp.post("/akun/token/<id:token_id>/cabut")
@staff_required(Action.ACCOUNT_SELF)
def revoke_token(token_id: int):
    """Revoke one API token."""
    if not RevokeForm().validate():
        return _tokens_page(error=_("Formulir kedaluwarsa. Muat ulang halaman."), status=400)
    try:
        accounts.revoke_token(token_id, g.staff_user)
    except DomainError as refusal:
        return _tokens_page(error=refusal.message, status=refusal.status)
    return _tokens_page(message=_("Token dicabut."))


def _tokens_page(error: str | None = None, message: str | None = None, status: int = 200):
    user = g.staff_user
    owner = None if allowed(user, Action.ADMIN_MANAGE) else user
    html = render_template(
        "auth/tokens.html",
        tokens=accounts.live_tokens(owner),
        revoke_form=RevokeForm(),
        error=error,
        message=message,
    )
    return make_response(html, status)
