"""Write and read the append-only personal-data access log (never the searched NIK or name)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from kiosk import clock
from kiosk.auth.permissions import grantable_roles
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import CaseFile, Complaint, DataAccess, Household, Person, Referral, User
from kiosk.offices.service import scoped

PAGE_SIZE = 50
MAX_ID = 2**63 - 1


class NotGrantable(DomainError):
    """Full view is granted only to accounts whose role sees files masked."""

    code = "not_grantable"
    status = 404


def record_file_view(user: User, case: CaseFile, kind: str, masked: bool) -> None:
    """Log one look at a file's personal data (page, API detail, reprint) and commit."""
    _add(
        DataAccess(
            user_id=user.id, kind=kind, file_id=case.id, masked=masked, office_id=case.office_id
        )
    )


def record_person_view(user: User, record: Person | Household, masked: bool) -> None:
    """Log one look at a person's or a household's page and commit."""
    if isinstance(record, Person):
        _add(DataAccess(user_id=user.id, kind="person_page", person_id=record.id, masked=masked))
    else:
        _add(DataAccess(user_id=user.id, kind="family_page", household_id=record.id, masked=masked))


def record_complaint_view(user: User, complaint: Complaint) -> None:
    """Log one look at a complaint's page when it names its reporter (name or phone); commit.
    An anonymous complaint's page shows no reporter and is not logged."""
    if complaint.reporter_name or complaint.reporter_phone:
        _add(
            DataAccess(
                user_id=user.id,
                kind="complaint",
                complaint_id=complaint.id,
                office_id=complaint.office_id,
            )
        )


def record_referral_view(user: User, referral: Referral) -> None:
    """Log one look at a referral's page (the household, the person, the program); commit."""
    _add(
        DataAccess(
            user_id=user.id, kind="referral", referral_id=referral.id, office_id=referral.office_id
        )
    )


def record_search(user: User, search_by: str, results: int, masked: bool) -> None:
    """Log one search: its kind (code, NIK/KK, name) and how many files it found; commit."""
    _add(
        DataAccess(
            user_id=user.id,
            kind="search",
            search_by=search_by,
            results=results,
            masked=masked,
            office_id=user.office_id,
        )
    )


def record_export(user: User, office_id: int | None, rows: int) -> None:
    """Log one export of personal data (e.g. the DTKS file for SIKS-NG, full NIK inside) with
    how many rows it held; commit."""
    _add(DataAccess(user_id=user.id, kind="export", results=rows, office_id=office_id))


def _add(entry: DataAccess) -> None:
    entry.at = clock.now()
    db.session.add(entry)
    db.session.commit()


@dataclass(frozen=True)
class AccessPage:
    """One page of the log, newest first."""

    entries: list[DataAccess]
    page: int
    pages: int
    total: int


def access_page(user_id: int | None = None, page: int = 1) -> AccessPage:
    """The log newest first, PAGE_SIZE rows a page, optionally only one staff member's."""
    query = scoped(select(DataAccess), DataAccess)
    if user_id is not None:
        query = query.where(DataAccess.user_id == user_id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    entries = db.session.scalars(
        query.order_by(DataAccess.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return AccessPage(list(entries), page, pages, total)


def staff_choices() -> list[tuple[int, str]]:
    """Every staff account, for the filter."""
    users = db.session.scalars(scoped(select(User), User).order_by(User.username))
    return [(user.id, user.username) for user in users]


def grantable_accounts() -> list[User]:
    """Accounts that see files masked unless an admin grants full view (kepala)."""
    query = scoped(select(User), User).where(User.role.in_(grantable_roles()))
    query = query.order_by(User.username)
    return list(db.session.scalars(query))


def set_full_view(user_id: int, grant: bool) -> User:
    """Grant or withdraw full view of personal data for one masked-view account."""
    account = db.session.get(User, user_id) if 1 <= user_id <= MAX_ID else None
    if account is None or account.role not in grantable_roles():
        raise NotGrantable(_("Akun ini tidak ada atau perannya sudah melihat data lengkap."))
    account.pii_full_view = grant
    db.session.commit()
    return account
