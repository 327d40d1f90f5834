"""Staff accounts: login with hashed passwords, roles, lock-out, API bearer tokens."""

from flask import Blueprint, Flask

bp = Blueprint("auth", __name__)


def register_auth(app: Flask) -> None:
    """Attach login/logout and the session user loader."""
    from kiosk import clock
    from kiosk.auth import admin, audit, views  # noqa: F401  (routes register on import)
    from kiosk.auth.guards import init_login, staff_user
    from kiosk.auth.permissions import Action, allowed
    from kiosk.auth.service import ROLE_LABELS

    init_login(app)
    app.jinja_env.globals.update(
        staff_user=staff_user,
        role_label=lambda role: ROLE_LABELS.get(role, role),
        now=clock.now,
        audit_label=audit.label,
        can=lambda action: allowed(staff_user(), Action(action)),
    )
    app.jinja_env.filters["local_datetime"] = lambda moment: clock.local(moment).strftime(
        "%d-%m-%Y %H.%M"
    )
    app.register_blueprint(bp)
