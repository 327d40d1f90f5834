"""Devices the admin trusts: kiosk screens that print (paired once with a code), later tablets."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("devices", __name__)


def register_devices(app: Flask) -> None:
    """The pairing page (/kios/pasang), the admin's list (/admin/perangkat), template helpers."""
    from kiosk.devices import views  # noqa: F401  (registers the routes)
    from kiosk.devices.kiosk import init_kiosk_helpers

    init_kiosk_helpers(app)
    app.register_blueprint(bp)
