"""Numbers on screen in the reader's format: 3,1 in Indonesian, 3.1 in English."""

from flask_babel import force_locale

from kiosk.i18n import decimal


def test_decimals_follow_the_language(app):
    with app.test_request_context():
        with force_locale("id"):
            assert decimal(3.14) == "3,1"
            assert decimal(1234.56) == "1.234,6"
            assert decimal(12.5, 0) in ("12", "13")
        with force_locale("en"):
            assert decimal(3.14) == "3.1"
