"""Complaints API: a complaint's public status by its tracking code (what its page shows)."""

from __future__ import annotations

from flask_babel import gettext as _

from kiosk.api import bp
from kiosk.api.errors import ApiError
from kiosk.api.fields import LangQuery
from kiosk.complaints.lookup import find_complaint
from kiosk.extensions import status_rate_limit
from kiosk.status.presenter import complaint_status
from kiosk.status.schemas import ComplaintStatusSchema


@bp.route("/complaints/<code>", methods=["GET"])
@bp.public
@bp.doc(tags=["complaints"])
@status_rate_limit()
@bp.arguments(LangQuery, location="query", as_kwargs=True)
@bp.response(200, ComplaintStatusSchema, description="The complaint's public status")
@bp.errors(
    {
        404: "No complaint has this tracking code (error: not_found)",
        429: "Too many lookups from this client (STATUS_RATE_LIMIT)",
    }
)
def public_complaint_status(code: str, lang: str):
    """A complaint's status and answer for its reporter: never who reported it, nor the
    officer it names or who handles it."""
    complaint = find_complaint(code)
    if complaint is None:
        raise ApiError("not_found", _("Tidak ada pengaduan dengan kode lacak ini."), 404)
    return complaint_status(complaint, lang)
