"""The waiting-room display: board, live event stream, spoken announcements."""

from flask import Blueprint, Flask

bp = Blueprint("display", __name__, url_prefix="/display")


def register_display(app: Flask) -> None:
    """Attach the display board and its event stream."""
    from kiosk.display import views  # noqa: F401  (routes register on import)

    app.register_blueprint(bp)
