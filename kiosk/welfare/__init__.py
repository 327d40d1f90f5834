"""The welfare desk (Puskesos/SLRT): its home page /puskesos and the DTKS (DTSEN) cycle.

The meeting, referral and complaint features register their own blueprints; the home page
shows their blocks through `kiosk.welfare.home_blocks`."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("welfare", __name__, url_prefix="/puskesos")


def register_welfare(app: Flask) -> None:
    """Register the welfare desk home and the DTKS pages, and connect the DTKS receivers."""
    from kiosk.welfare import views  # noqa: F401  (registers the routes)
    from kiosk.welfare.dtks import register_dtks

    app.register_blueprint(bp)
    register_dtks(app)
