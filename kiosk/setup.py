"""First-run setup shared by init-db and demo: schema, then catalogue."""

from __future__ import annotations

from flask import Flask

from kiosk.catalogue.service import LoadReport, load_catalogue
from kiosk.db import upgrade_schema


def initialise(app: Flask) -> LoadReport:
    """Upgrade the schema to the newest migration and add any missing catalogue entries."""
    upgrade_schema(app)
    with app.app_context():
        return load_catalogue()
