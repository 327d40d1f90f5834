"""Files (berkas): intake at the counter, status by QR, due dates, location, handover."""

from flask import Blueprint, Flask

bp = Blueprint("files", __name__, url_prefix="/berkas")


def register_files(app: Flask) -> None:
    """Attach the staff file desk and the file receipts."""
    from kiosk.files import receipt, views  # noqa: F401  (routes register on import)
    from kiosk.files.collection import collected_label
    from kiosk.files.flags import flag_label, nik_absent_label
    from kiosk.files.requirements import ticket_missing
    from kiosk.files.service import file_workflow
    from kiosk.people.service import files_of
    from kiosk.printing.layouts import register_receipt

    app.jinja_env.globals["status_label"] = lambda case: (
        file_workflow(case).status(case.status).text("label")
    )
    app.jinja_env.globals["flag_label"] = flag_label
    app.jinja_env.globals["collected_label"] = collected_label
    app.jinja_env.globals["nik_absent_label"] = nik_absent_label
    app.jinja_env.globals["known_files"] = files_of
    app.jinja_env.globals["ticket_missing"] = ticket_missing
    register_receipt("file", receipt.build)
    register_receipt("incomplete", receipt.build)
    app.register_blueprint(bp)
