"""SLRT referrals (rujukan) of the Puskesos desk: households referred to programs and followed
up to an answer, and suggestions found from files (a death, a birth, no KTP)."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("referrals", __name__, url_prefix="/puskesos/rujukan")


def register_referrals(app: Flask) -> None:
    """Routes, the file-event receiver, the desk home's block and the household page's helper."""
    from kiosk.files.events import file_accepted
    from kiosk.welfare.referrals import views  # noqa: F401  (routes register on import)
    from kiosk.welfare.referrals.home import init_home_block
    from kiosk.welfare.referrals.receivers import on_file_accepted
    from kiosk.welfare.referrals.sections import init_referral_sections

    file_accepted.connect(on_file_accepted)
    init_home_block()
    init_referral_sections(app)
    app.register_blueprint(bp)
