"""Complaints (pengaduan): from the kiosk (/lapor), the counter and the field tablet; staff
handle them at /pengaduan. Each has a tracking code and a public status page like files."""

from flask import Blueprint, Flask

bp = Blueprint("complaints", __name__)


def register_complaints(app: Flask) -> None:
    """Attach the kiosk and staff complaint pages and the complaint receipt."""
    from kiosk.complaints import kiosk_views, receipt, views  # noqa: F401  (routes on import)
    from kiosk.complaints.categories import category_label
    from kiosk.complaints.states import state_label
    from kiosk.printing.layouts import register_receipt

    app.jinja_env.globals["complaint_category_label"] = category_label
    app.jinja_env.globals["complaint_state_label"] = state_label
    register_receipt("complaint", receipt.build)
    app.register_blueprint(bp)
