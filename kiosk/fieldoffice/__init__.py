"""The office side of field work: tablets (/admin/tablet), the worklist (/lapangan/tugas), the
review queue, per-tablet sync history, field files, DTKS visits and field photos."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("fieldoffice", __name__)


def register_fieldoffice(app: Flask) -> None:
    """Register the pages and the template helpers the person and household pages call."""
    from kiosk.fieldoffice import tablet_backup, tablet_views, views  # noqa: F401  (routes)
    from kiosk.fieldoffice.sections import init_field_sections

    init_field_sections(app)
    app.register_blueprint(bp)
