"""Counters (loket): the staff console, calling rules, end of day, statistics."""

from flask import Blueprint, Flask

bp = Blueprint("counter", __name__)


def register_counter(app: Flask) -> None:
    """Attach the counter console and admin pages."""
    from kiosk.counter import admin, desk_views, views  # noqa: F401  (routes register on import)
    from kiosk.counter.labels import queue_event_label

    app.register_blueprint(bp)
    app.jinja_env.globals["queue_event_label"] = queue_event_label
