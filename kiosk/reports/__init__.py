"""Reports for the kepala desa and the camat (/laporan): where files stand, deadlines, queue
times, complaints, DTKS proposals, IKM; each table downloadable, and a monthly A4 report."""

from flask import Blueprint, Flask

bp = Blueprint("reports", __name__, url_prefix="/laporan")


def register_reports(app: Flask) -> None:
    """Attach the report pages and downloads."""
    from kiosk.reports import views  # noqa: F401  (routes on import)
    from kiosk.reports.format import display_cell, short_date
    from kiosk.reports.table import cell_text

    app.jinja_env.filters["report_cell"] = display_cell
    app.jinja_env.filters["report_raw"] = cell_text
    app.jinja_env.filters["short_date"] = short_date
    app.register_blueprint(bp)
