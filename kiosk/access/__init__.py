"""The personal-data access log: who looked at which file, who searched, and the admin's page."""

from flask import Blueprint, Flask

bp = Blueprint("access", __name__)


def register_access(app: Flask) -> None:
    """Attach the admin's access-log page."""
    from kiosk.access import views  # noqa: F401  (routes register on import)

    app.register_blueprint(bp)
