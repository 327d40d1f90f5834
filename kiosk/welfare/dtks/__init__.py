"""The DTKS (DTSEN) cycle of households: proposals from every door, the verification visit,
the list for the village meeting, the SIKS-NG export, the outcome and the objection."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("dtks", __name__, url_prefix="/puskesos/dtks")


def register_dtks(app: Flask) -> None:
    """Register the DTKS pages and connect the receiver that makes a proposal of a file."""
    from kiosk.files.events import file_accepted
    from kiosk.welfare.dtks import views  # noqa: F401  (registers the routes)
    from kiosk.welfare.dtks.receivers import on_file_accepted
    from kiosk.welfare.dtks.sections import init_dtks_sections

    file_accepted.connect(on_file_accepted)
    init_dtks_sections(app)
    app.register_blueprint(bp)
