"""Offices: the office table's settings, the current office of a request, the admin pages."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("offices", __name__)


def register_offices(app: Flask) -> None:
    """The current-office hooks and the admin pages at /admin/kantor."""
    from kiosk.offices import views  # noqa: F401  (registers the routes)
    from kiosk.offices.current import init_current_office

    init_current_office(app)
    app.register_blueprint(bp)
