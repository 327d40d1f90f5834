"""The village meeting (musyawarah desa/kelurahan/dusun) on the welfare desk: the list of DTKS
proposals, its printout, attendance and decisions during the meeting, and the minutes."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("meeting", __name__, url_prefix="/puskesos/musyawarah")


@bp.context_processor
def _helpers() -> dict:
    from kiosk.welfare.meeting.labels import HELPERS

    return HELPERS


def register_meeting(app: Flask) -> None:
    """Register the pages and the block on the welfare desk's home page."""
    from kiosk.welfare import home_blocks
    from kiosk.welfare.meeting import views  # noqa: F401  (registers the routes)
    from kiosk.welfare.meeting.home import home_block

    home_blocks.register("meeting", home_block)
    app.register_blueprint(bp)
