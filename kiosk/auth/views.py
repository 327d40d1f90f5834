"""Login and logout pages for staff."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user

from kiosk.auth import bp
from kiosk.auth.forms import LoginForm
from kiosk.auth.guards import SessionUser, staff_required
from kiosk.auth.permissions import HOME_ENDPOINT, Action
from kiosk.auth.service import AccountLocked, LoginFailed, authenticate


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    """Staff log in here; wrong passwords count towards a temporary lock."""
    form = LoginForm(next=request.args.get("next", ""))
    error = None
    status = 200
    if form.validate_on_submit():
        try:
            user = authenticate(form.username.data, form.password.data)
        except (LoginFailed, AccountLocked) as failure:
            error, status = failure.message, failure.status
        else:
            session.clear()
            session.permanent = True
            login_user(SessionUser(user))
            return redirect(_safe_next(form.next.data) or url_for(HOME_ENDPOINT[user.role]))
    elif request.method == "POST":
        status = 422
    return render_template("auth/login.html", form=form, error=error), status


@bp.post("/keluar")
def logout():
    """End the staff session."""
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


@bp.get("/staf")
@staff_required(Action.STAFF_HOME)
def home():
    """A landing page listing what this staff member may open."""
    return render_template("auth/home.html")
