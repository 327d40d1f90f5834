"""The public status of a ticket or a file: one presenter for the status page and the API."""

from flask import Blueprint, Flask

bp = Blueprint("status", __name__)


def register_status(app: Flask) -> None:
    """Attach the public status page (/s/<code>, the receipt QR's address)."""
    from kiosk.status import views  # noqa: F401  (routes register on import)

    app.register_blueprint(bp)
