"""Who may do what: the session login for staff pages, bearer tokens for the API, roles."""

from __future__ import annotations

import functools

from flask import Flask, g, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, current_user

from kiosk.auth.permissions import Action, allowed, may_operate_counter
from kiosk.extensions import db
from kiosk.htmx import is_htmx
from kiosk.models import User

login_manager = LoginManager()


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
    """Bind Flask-Login; sessions expire after STAFF_SESSION_HOURS."""
    import datetime as dt

    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(
        hours=float(app.config["STAFF_SESSION_HOURS"])
    )
    login_manager.init_app(app)
    login_manager.session_protection = "basic"


@login_manager.user_loader
def _load(user_key: str):
    user_id, _sep, version = user_key.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or str(user.session_version) != version:
        return None
    return SessionUser(user)


def staff_user() -> User | None:
    """The staff member behind this request (session or bearer token), if any."""
    if "staff_user" in g:
        return g.staff_user
    return current_user.user if current_user.is_authenticated else None


def staff_required(action: Action):
    """Staff pages: log in first (redirect), then hold `action` in the permission map (403)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            user = staff_user()
            if user is None:
                return _to_login()
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
    target = url_for("auth.login", next=request.full_path.rstrip("?"))
    if is_htmx():
        response = jsonify(error="unauthorized")
        response.status_code = 401
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


def _forbidden_page(message: str):
    from kiosk.errors import error_response

    return error_response("forbidden", message, 403)
