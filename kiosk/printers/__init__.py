"""Printers for staff: the state of every printer of the office (the strip on the console, the
desk and the admin pages), reprints of failed receipts, and the kiosk's fallback printer."""

from flask import Blueprint, Flask

bp = Blueprint("printers", __name__)


def register_printers(app: Flask) -> None:
    """Attach the printer strip routes and its template helpers."""
    from kiosk.printers import views  # noqa: F401  (routes register on import)
    from kiosk.printers.service import staff_printer_name

    app.jinja_env.globals["staff_printer_name"] = staff_printer_name
    app.register_blueprint(bp)
