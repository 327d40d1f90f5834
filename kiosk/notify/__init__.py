"""SMS notifications over a GSM modem: consent, templates, the outbox and its senders, the
delivery log (/sms) and the admin page (/admin/sms). The sender is chosen by the URL in
SATUPINTU_SMS (kiosk.notify.backends), like the printer."""

from flask import Blueprint, Flask

bp = Blueprint("notify", __name__)


def register_notify(app: Flask) -> None:
    """Connect the status-change receiver, attach the pages and the file page's SMS lines."""
    from kiosk.files.events import file_status_changed
    from kiosk.notify import views  # noqa: F401  (routes on import)
    from kiosk.notify.listing import messages_of_file
    from kiosk.notify.service import on_status_changed

    app.config.setdefault("SMS", "dummy:")
    app.config.setdefault("SMS_MAX_ATTEMPTS", 8)
    app.config.setdefault("SMS_MAX_AGE_HOURS", 72)
    file_status_changed.connect(on_status_changed)
    app.jinja_env.globals["sms_of_file"] = messages_of_file
    app.register_blueprint(bp)
