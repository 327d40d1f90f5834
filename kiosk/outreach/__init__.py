"""Outreach: printable A4 requirement sheets per service for RT/RW heads and kader (/lembar),
and the schedule of evening service and home visits (jemput bola) they pin up beside them."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("outreach", __name__, url_prefix="/lembar")


@bp.app_template_filter("day_month")
def day_month(day) -> str:
    """Selasa, 8 Des: a date on a sheet's short list (the year is this one or the next)."""
    from flask_babel import format_date

    return format_date(day, "EEEE, d MMM")


def register_outreach(app: Flask) -> None:
    """Attach the sheet and schedule pages."""
    from kiosk.outreach import views  # noqa: F401  (registers the routes)

    app.register_blueprint(bp)
