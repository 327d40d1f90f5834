"""The append-only audit trail of staff-account events."""

from __future__ import annotations

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import AuditEvent, User
from kiosk.offices.current import current_office
from kiosk.offices.service import office_filter

PAGE_SIZE = 50
KINDS = {
    "created": _l("Akun dibuat"),
    "role_changed": _l("Peran diubah"),
    "counter_changed": _l("Loket diubah"),
    "disabled": _l("Akun dinonaktifkan"),
    "enabled": _l("Akun diaktifkan"),
    "password_reset": _l("Kata sandi direset"),
    "password_changed": _l("Kata sandi diganti"),
    "login": _l("Masuk"),
    "login_failed": _l("Gagal masuk"),
    "locked_out": _l("Akun dikunci"),
    "unlocked": _l("Kunci dibuka"),
    "token_issued": _l("Token API dibuat"),
    "token_revoked": _l("Token API dicabut"),
    "logout": _l("Keluar"),
    "tablet_backup": _l("Cadangan tablet diunggah"),
}


def record(
    kind: str,
    *,
    actor: User | None = None,
    subject: User | None = None,
    subject_name: str = "",
    detail: str = "",
) -> AuditEvent:
    """Add one event to the session; it is written with the change it describes."""
    assert kind in KINDS, kind
    event = AuditEvent(
        at=clock.now(),
        kind=kind,
        actor_id=actor.id if actor else None,
        subject_id=subject.id if subject else None,
        subject=(subject.username if subject else _safe_name(subject_name))[:120],
        detail=detail[:255],
        client_address=request.remote_addr if has_request_context() else None,
        office_id=_office_of(actor, subject),
    )
    db.session.add(event)
    return event


def _office_of(actor: User | None, subject: User | None) -> int | None:
    """The office an account event belongs to: the subject's, else the actor's, else the
    office of the request (a failed login names no account)."""
    for user in (subject, actor):
        if user is not None:
            return user.office_id
    return current_office().id


def label(kind: str) -> str:
    """The Indonesian (or English) name of an event kind."""
    return str(KINDS.get(kind, kind))


def _safe_name(attempted: str) -> str:
    """A typed username as given, unless it looks like an ID number typed in the wrong field."""
    attempted = (attempted or "").strip()
    if sum(ch.isdigit() for ch in attempted) >= 8:
        return "(angka disamarkan)"
    return attempted[:60]


def page(number: int) -> tuple[list[AuditEvent], int]:
    """Events newest first, PAGE_SIZE per page, and the number of pages."""
    conditions = office_filter(AuditEvent)
    total = db.session.scalar(select(func.count(AuditEvent.id)).where(*conditions)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(number, 1), pages)
    events = db.session.scalars(
        select(AuditEvent)
        .where(*conditions)
        .order_by(AuditEvent.id.desc())
        .offset((number - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return list(events), pages
