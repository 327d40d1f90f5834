"""Who sees which complaint: the one place that decides it (list, page, search, counts).

A complaint that names an officer is seen only with COMPLAINTS_SENSITIVE (kepala, admin), and
never by the officer it names: the account it points at, or, when it points at none, an
account whose name or username the complaint's officer name contains.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, and_, false, func, not_, or_, select

from kiosk.auth.permissions import Action, allowed
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import Complaint, User
from kiosk.offices.service import office_filter

MIN_NAME_MATCH = 3  # a name shorter than this matches too much to hide by


def visible_complaints(user: User | None) -> Select:
    """SELECT of the complaints `user` may see (their office's; a regency account: all)."""
    query = select(Complaint).where(*office_filter(Complaint))
    if user is None or not allowed(user, Action.COMPLAINTS_HANDLE):
        return query.where(false())
    if not allowed(user, Action.COMPLAINTS_SENSITIVE):
        return query.where(Complaint.about_officer.is_(False))
    return query.where(not_(_names(user)))


def _names(user: User):
    """SQL: the complaint names this user."""
    typed = func.lower(func.coalesce(Complaint.officer_name, ""))
    by_name = [typed.contains(name, autoescape=True) for name in own_names(user)]
    # Both arms are plain true/false (never NULL), so NOT(...) keeps every other complaint.
    return or_(
        and_(Complaint.officer_id.is_not(None), Complaint.officer_id == user.id),
        and_(Complaint.officer_id.is_(None), or_(false(), *by_name)),
    )


def own_names(user: User) -> list[str]:
    """The user's names as a complaint might spell them (lower case, single spaces)."""
    names = {" ".join((user.display_name or "").split()).lower(), (user.username or "").lower()}
    return sorted(name for name in names if len(name) >= MIN_NAME_MATCH)


def may_see(user: User, complaint: Complaint) -> bool:
    """Whether `user` would see this complaint in the office's list (assignment checks)."""
    query = visible_complaints(user).where(Complaint.id == complaint.id)
    return db.session.scalar(query.with_only_columns(Complaint.id)) is not None


class UnknownComplaint(DomainError):
    """No complaint with that id that this user may see (hidden ones are "not found")."""

    code = "not_found"
    status = 404


def find_visible(user: User, complaint_id: int, *, missing_ok: bool = False) -> Complaint | None:
    """The complaint if `user` may see it; else UnknownComplaint (None with `missing_ok`)."""
    found = db.session.scalar(visible_complaints(user).where(Complaint.id == complaint_id))
    if found is None and not missing_ok:
        raise UnknownComplaint(_("Pengaduan tidak ditemukan."))
    return found
