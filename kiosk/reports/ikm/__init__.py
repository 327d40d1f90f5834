"""The IKM satisfaction survey (PermenPANRB 14/2017): asked at the kiosk (/survei), summed up
for the kepala desa (/laporan/ikm). The arithmetic is in index.py, the rules in service.py."""

from flask import Blueprint, Flask

bp = Blueprint("ikm", __name__)


def register_ikm(app: Flask) -> None:
    """Attach the kiosk survey screens and the staff IKM page."""
    from kiosk.reports.ikm import kiosk_views, staff_views  # noqa: F401  (routes on import)

    app.jinja_env.globals["survey_offer"] = kiosk_views.offer_for_this_screen
    app.register_blueprint(bp)
