"""The delivery log as staff read it: rows with the masked phone and the reason in words,
the banner when the modem is failing, and a file's own messages."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import CaseFile, SmsMessage
from kiosk.notify import reasons
from kiosk.notify.phones import mask_phone
from kiosk.notify.sender import hold_reason
from kiosk.notify.service import FAILED, WAITING
from kiosk.notify.texts import kind_label
from kiosk.offices.service import office_filter

PAGE_SIZE = 200


@dataclass(frozen=True)
class LogRow:
    """One line of the delivery log."""

    message: SmsMessage
    phone: str
    kind: str
    reason: str | None
    may_resend: bool


def _reason(message: SmsMessage, holds: dict[int, str | None]) -> str | None:
    if message.state != WAITING:
        return message.last_error
    if message.backend_ref:
        return message.last_error or str(reasons.IN_SPOOL)
    return message.last_error or holds.get(message.office_id) or str(reasons.QUEUED)


def _rows(messages: list[SmsMessage]) -> list[LogRow]:
    now = clock.utc_now()
    holds = {
        office_id: hold_reason(office_id, now) for office_id in {m.office_id for m in messages}
    }
    return [
        LogRow(
            message=m,
            phone=mask_phone(m.phone),
            kind=kind_label(m.kind),
            reason=_reason(m, holds),
            may_resend=m.state in (WAITING, FAILED) and not m.backend_ref,
        )
        for m in messages
    ]


def log_rows(state: str | None) -> list[LogRow]:
    """The newest messages of the staff member's office(s), optionally of one state."""
    query = select(SmsMessage).where(*office_filter(SmsMessage))
    if state:
        query = query.where(SmsMessage.state == state)
    query = query.order_by(SmsMessage.created_at.desc(), SmsMessage.id.desc()).limit(PAGE_SIZE)
    return _rows(list(db.session.scalars(query)))


def state_counts() -> dict[str, int]:
    """Messages per state in the staff member's office(s)."""
    rows = db.session.execute(
        select(SmsMessage.state, func.count(SmsMessage.id))
        .where(*office_filter(SmsMessage))
        .group_by(SmsMessage.state)
    )
    counts = dict.fromkeys(SmsMessage.STATES, 0)
    counts.update(dict(rows.all()))
    return counts


@dataclass(frozen=True)
class Banner:
    """The waiting messages' most common reason; `hold` when it is a normal hold, no fault."""

    text: str
    hold: bool


def waiting_banner() -> Banner | None:
    """ "12 SMS menunggu: Modem tidak terpasang" when waiting messages have a reason."""
    waiting = log_rows(WAITING)
    if not waiting:
        return None
    found = Counter(row.reason for row in waiting if row.reason != str(reasons.QUEUED))
    if not found:
        return None
    reason = found.most_common(1)[0][0]
    return Banner(
        text=_("%(count)d SMS menunggu: %(reason)s", count=len(waiting), reason=reason),
        hold=reason in {str(hold) for hold in reasons.HOLDS},
    )


def messages_of_file(case: CaseFile) -> list[LogRow]:
    """A file's messages, oldest first (one line each in the file's history)."""
    query = (
        select(SmsMessage)
        .where(SmsMessage.file_id == case.id)
        .order_by(SmsMessage.created_at, SmsMessage.id)
    )
    return _rows(list(db.session.scalars(query)))
