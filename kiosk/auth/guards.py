"""Who may do what: the session login for staff pages, bearer tokens for the API, roles."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import Flask, current_app, g, jsonify, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, login_user

from kiosk import clock
from kiosk.auth.permissions import Action, allowed, may_operate_counter
from kiosk.extensions import db
from kiosk.htmx import is_htmx
from kiosk.models import User

login_manager = LoginManager()
LOGIN_AT = "login_at"  # session key: when this browser logged in (epoch seconds)


class SessionUser:
    """Flask-Login's view of a staff account; the id carries the session version."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.is_authenticated = True
        self.is_active = user.active
        self.is_anonymous = False

    def get_id(self) -> str:
        return f"{self.user.id}:{self.user.session_version}"


def init_login(app: Flask) -> None:
    """Bind Flask-Login; sessions end STAFF_SESSION_HOURS after login, whatever happens since."""
    import datetime as dt

    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(
        hours=float(app.config["STAFF_SESSION_HOURS"])
    )
    # The cookie's expiry must not slide with the console's polling either.
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    login_manager.init_app(app)
    login_manager.session_protection = "basic"


def start_session(user: User, login_at: float | None = None) -> None:
    """Log `user` in on this browser; the absolute lifetime counts from `login_at` (now)."""
    session.clear()
    session.permanent = True
    session[LOGIN_AT] = login_at if login_at is not None else clock.now().timestamp()
    login_user(SessionUser(user))


@login_manager.user_loader
def _load(user_key: str):
    user_id, _sep, version = user_key.partition(":")
    if not user_id.isdigit() or len(user_id) > 18 or not _within_lifetime():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or str(user.session_version) != version:
        return None
    return SessionUser(user)


def _within_lifetime() -> bool:
    login_at = session.get(LOGIN_AT)
    if not isinstance(login_at, int | float):
        return False
    age = clock.now().timestamp() - login_at
    return 0 <= age < float(current_app.config["STAFF_SESSION_HOURS"]) * 3600


def staff_user() -> User | None:
    """The staff member behind this request (session or bearer token), if any."""
    if "staff_user" in g:
        return g.staff_user
    return current_user.user if current_user.is_authenticated else None


def staff_required(action: Action, *, allow_password_change: bool = False):
    """Staff pages: log in first (redirect), then hold `action` in the permission map (403).

    An account that must change its password sees only the change-password page until it has.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            user = staff_user()
            if user is None:
                return _to_login()
            if user.must_change_password and not allow_password_change:
                return _redirect(url_for("auth.change_password"))
            refusal = refusal_for(user, action, kwargs)
            if refusal:
                return _forbidden_page(refusal)
            g.staff_user = user
            return view(*args, **kwargs)

        wrapper.required_action = action
        return wrapper

    return decorate


def api_auth(action: Action):
    """API routes: a valid `Authorization: Bearer` token (401) that may do `action` (403)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            from kiosk.auth.service import user_for_token

            header = request.headers.get("Authorization", "")
            scheme, _sep, token = header.partition(" ")
            user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
            if user is None:
                response = jsonify(
                    error="unauthorized", message=_("Perlu masuk dengan token yang sah.")
                )
                response.headers["WWW-Authenticate"] = 'Bearer realm="satupintu"'
                return response, 401
            if user.must_change_password:
                return jsonify(
                    error="password_change_required",
                    message=_("Ganti kata sandi dulu di halaman staf."),
                ), 403
            refusal = refusal_for(user, action, kwargs)
            if refusal:
                return jsonify(error="forbidden", message=refusal), 403
            g.staff_user = user
            return view(*args, **kwargs)

        wrapper.required_action = action
        return wrapper

    return decorate


def refusal_for(user: User, action: Action, view_args: dict) -> str | None:
    """Why `user` may not run a view guarded by `action` with these URL values (None: may)."""
    if not allowed(user, action):
        return _("Peran Anda tidak boleh melakukan ini.")
    scoped = action is Action.COUNTER_OPERATE and "counter_id" in view_args
    if scoped and not may_operate_counter(user, view_args["counter_id"]):
        return _("Anda hanya boleh melayani di loket yang ditugaskan kepada Anda.")
    return None


def _to_login():
    return _redirect(url_for("auth.login", next=_back_to()), 401)


def _back_to() -> str:
    """Where to return after login: for an HTMX poll, the page it polls from, not the fragment."""
    here = request.full_path.rstrip("?")
    if is_htmx() and (current := request.headers.get("HX-Current-URL")):
        parts = urlsplit(current)
        if parts.netloc == request.host and parts.path.startswith("/"):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return here


def _redirect(target: str, htmx_status: int = 200):
    """A redirect that also works for HTMX requests (a poll moves the whole page)."""
    if is_htmx():
        response = jsonify(error="unauthorized" if htmx_status == 401 else "redirect")
        response.status_code = htmx_status
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


def _forbidden_page(message: str):
    from kiosk.errors import error_response

    return error_response("forbidden", message, 403)
