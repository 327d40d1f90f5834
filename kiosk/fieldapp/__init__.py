"""The field PWA ("Satu Pintu Lapangan"): its static shell served at /field/."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("fieldapp", __name__, url_prefix="/field")


def register_fieldapp(app: Flask) -> None:
    """Serve field_pwa/ at /field/ (the app shell; the sync API lives in kiosk.sync)."""
    from kiosk.fieldapp import views  # noqa: F401  (routes attach to bp)

    app.register_blueprint(bp)
