"""Queue tickets and the kiosk screens (take a number, read requirements, see a ticket)."""

from flask import Blueprint, Flask

bp = Blueprint("queue", __name__)


def register_queue(app: Flask) -> None:
    """Attach the kiosk screens to the app."""
    from kiosk.printing.layouts import register_receipt
    from kiosk.queue import fallback, views  # noqa: F401  (routes register on import)
    from kiosk.queue.labels import fee_text, priority_label, time_standard_text
    from kiosk.queue.receipt import ticket_receipt

    app.jinja_env.globals.update(
        priority_label=priority_label,
        fee_text=fee_text,
        time_standard_text=time_standard_text,
        receipt_fallback=fallback.receipt_fallback,
    )
    register_receipt("ticket", lambda job: ticket_receipt(job.ticket))
    register_receipt("reprint", lambda job: ticket_receipt(job.ticket))
    app.register_blueprint(bp)
