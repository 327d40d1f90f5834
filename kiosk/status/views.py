"""The public status page, what the receipt QR opens: a masked name at most, never a NIK."""

from __future__ import annotations

from flask_babel import get_locale

from kiosk.complaints.lookup import find_complaint
from kiosk.extensions import status_rate_limit
from kiosk.files.service import find_file
from kiosk.htmx import render
from kiosk.queue.service import find_ticket
from kiosk.status import bp
from kiosk.status.presenter import complaint_status, file_status, ticket_status
from kiosk.tracking import normalise

PAGE, PARTIAL = "status/status.html", "status/_status.html"


@bp.get("/s/<path:code>")
@status_rate_limit()
def page(code: str):
    """Public status by tracking code: the file when one exists, else the complaint, else the
    ticket."""
    canonical = normalise(code)
    lang = str(get_locale() or "id")
    case = find_file(canonical) if canonical else None
    if case is not None:
        return render(PAGE, PARTIAL, file=file_status(case, lang), ticket=None, reason=None)
    complaint = find_complaint(canonical) if canonical else None
    if complaint is not None:
        shown = complaint_status(complaint, lang)
        return render(PAGE, PARTIAL, complaint=shown, file=None, ticket=None, reason=None)
    ticket = find_ticket(canonical) if canonical else None
    if ticket is None:
        reason = "unknown" if canonical else "malformed"
        return render(
            PAGE, PARTIAL, status=404, ticket=None, file=None, reason=reason, typed=code[:40]
        )
    return render(
        PAGE, PARTIAL, ticket=ticket, place=ticket_status(ticket, lang), file=None, reason=None
    )
