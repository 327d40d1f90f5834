"""One pass over the outbox: confirm what a spool sent, drop what is no longer true, send
what is due, within the office's daily cap and outside its quiet hours.

A failed try leaves the message waiting with attempts + 1, the reason, and the next try
after a growing pause (BACKOFF_MINUTES, then hourly); after SMS_MAX_ATTEMPTS tries it is
failed (gagal). When the modem itself is at fault (unplugged, no signal, no credit), the
pass stops: the other messages wait without spending a try.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select, update

from kiosk import clock
from kiosk.blocking import off_the_hub
from kiosk.db import write_lock
from kiosk.extensions import db
from kiosk.models import SmsMessage
from kiosk.notify import reasons
from kiosk.notify.backends import ERROR, SENT, Sender, make_sender
from kiosk.notify.errors import ModemMissing, NoSignal, SimProblem, SmsError, SpoolFailed
from kiosk.notify.service import (
    CANCELLED,
    FAILED,
    WAITING,
    handed_today,
    in_quiet_hours,
    settings_for,
)
from kiosk.notify.service import SENT as DELIVERED
from kiosk.notify.texts import TEST_KIND
from kiosk.offices.current import office_settings

log = logging.getLogger("satupintu.sms")
BACKOFF_MINUTES = (1, 5, 15, 60)
BATCH = 50
LEASE = dt.timedelta(minutes=10)  # a claimed message is left alone this long by other passes
SPOOL_PATIENCE = dt.timedelta(minutes=15)  # then a message still in the spool shows why
MODEM_FAULTS = (ModemMissing, NoSignal, SimProblem)


@dataclass
class PassReport:
    """What one pass did."""

    sent: int = 0
    handed: int = 0
    failed_tries: int = 0
    cancelled: int = 0
    held: int = 0
    errors: list[str] = field(default_factory=list)


def current_sender() -> Sender:
    """The sender of SATUPINTU_SMS (SmsConfigError when it cannot work)."""
    return make_sender(current_app.config.get("SMS") or "dummy:")


def backoff(attempts: int) -> dt.timedelta:
    """The pause after the `attempts`-th failed try: 1, 5, 15, 60 minutes, then hourly."""
    index = min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1
    return dt.timedelta(minutes=BACKOFF_MINUTES[index])


def max_attempts() -> int:
    return int(current_app.config.get("SMS_MAX_ATTEMPTS", 8))


def max_age() -> dt.timedelta:
    return dt.timedelta(hours=float(current_app.config.get("SMS_MAX_AGE_HOURS", 72)))


def send_due(sender: Sender | None = None) -> PassReport:
    """One pass (needs an app context). Every outcome is committed as it happens."""
    report = PassReport()
    try:
        sender = sender or current_sender()
    except SmsError as error:
        report.errors.append(reasons.reason_of(error))
        _note_fault_on_due(reasons.reason_of(error))
        return report
    now = clock.utc_now()
    if sender.spool:
        _confirm_spooled(sender, now, report)
    _drop_stale(now, report)
    due = db.session.scalars(
        select(SmsMessage)
        .where(
            SmsMessage.state == WAITING,
            SmsMessage.backend_ref.is_(None),
            SmsMessage.next_try_at <= now,
        )
        .order_by(SmsMessage.next_try_at, SmsMessage.id)
        .limit(BATCH)
    ).all()
    for message in due:
        if _held(message, now):
            report.held += 1
            continue
        if not _claim(message, now):
            continue
        fault = send_one(sender, message, report)
        if isinstance(fault, MODEM_FAULTS):
            break
    db.session.commit()
    return report


def send_one(sender: Sender, message: SmsMessage, report: PassReport) -> SmsError | None:
    """Hand one message to the sender and record the outcome (committed)."""
    phone, body, message_id = message.phone, message.body, message.id
    db.session.commit()  # no transaction open while the modem talks
    try:
        handed = off_the_hub(sender.send, phone, body)
    except SmsError as error:
        _record_failure(message_id, reasons.reason_of(error))
        report.failed_tries += 1
        report.errors.append(reasons.reason_of(error))
        log.warning("SMS %s not sent: %s", message_id, error)
        return error
    except Exception as error:  # a bug must not stop the worker
        log.exception("SMS %s failed unexpectedly", message_id)
        _record_failure(message_id, reasons.reason_of(SmsError(type(error).__name__)))
        report.failed_tries += 1
        return SmsError(str(error))
    now = clock.utc_now()
    values = {"sent_at": now, "attempts": SmsMessage.attempts + 1}
    if handed.confirmed:
        values.update(state=DELIVERED, backend_ref=handed.reference, last_error=None)
        report.sent += 1
    else:
        values.update(backend_ref=handed.reference, last_error=None)
        report.handed += 1
    _write(message_id, values)
    return None


def _claim(message: SmsMessage, now: dt.datetime) -> bool:
    """Take a lease on a due message (a second pass at the same time skips it)."""
    with write_lock():
        claimed = db.session.execute(
            update(SmsMessage)
            .where(
                SmsMessage.id == message.id,
                SmsMessage.state == WAITING,
                SmsMessage.next_try_at == message.next_try_at,
            )
            .values(next_try_at=now + LEASE)
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.commit()
    return bool(claimed)


def _write(message_id: int, values: dict) -> None:
    with write_lock():
        db.session.execute(
            update(SmsMessage)
            .where(SmsMessage.id == message_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    db.session.expire_all()


def _record_failure(message_id: int, reason: str) -> None:
    """One failed try: wait and try later, or give up after the last try."""
    message = db.session.get(SmsMessage, message_id)
    attempts = message.attempts + 1
    now = clock.utc_now()
    if attempts >= max_attempts() or message.kind == TEST_KIND:
        values = {"state": FAILED, "next_try_at": None}
    else:
        values = {"next_try_at": now + backoff(attempts)}
    _write(message_id, {**values, "attempts": attempts, "last_error": reason})


def _note_fault_on_due(reason: str) -> None:
    """The sender cannot even be made: say so on every due message (no try spent)."""
    with write_lock():
        db.session.execute(
            update(SmsMessage)
            .where(SmsMessage.state == WAITING, SmsMessage.backend_ref.is_(None))
            .values(last_error=reason[: reasons.MAX_LENGTH])
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


def _held(message: SmsMessage, now: dt.datetime) -> bool:
    """Whether the office's switch, quiet hours or daily cap hold this message now."""
    setting = settings_for(message.office_id)
    office = office_settings(message.office_id)
    local = now.astimezone(office.tz) if office else now
    if not setting.enabled or in_quiet_hours(setting, local):
        return True
    return handed_today(message.office_id, local) >= setting.daily_cap


def hold_reason(office_id: int, now: dt.datetime) -> str | None:
    """Why the office's waiting messages are held now, in words (None: they are not)."""
    setting = settings_for(office_id)
    office = office_settings(office_id)
    local = now.astimezone(office.tz) if office else now
    if not setting.enabled:
        return str(reasons.SWITCHED_OFF)
    if in_quiet_hours(setting, local):
        return str(reasons.NIGHT)
    if handed_today(office_id, local) >= setting.daily_cap:
        return str(reasons.CAPPED)
    return None


def _drop_stale(now: dt.datetime, report: PassReport) -> None:
    """Cancel what is no longer true (the file moved on) or waited too long."""
    waiting = db.session.scalars(
        select(SmsMessage).where(SmsMessage.state == WAITING, SmsMessage.backend_ref.is_(None))
    ).all()
    changed = False
    for message in waiting:
        reason = None
        if message.created_at < now - max_age():
            reason = reasons.TOO_OLD
        elif message.file is not None and not message.event.startswith(message.file.status + "@"):
            reason = reasons.MOVED_ON
        if reason is not None:
            message.state, message.next_try_at, message.last_error = CANCELLED, None, str(reason)
            report.cancelled += 1
            changed = True
    if changed:
        with write_lock():
            db.session.commit()


def _confirm_spooled(sender: Sender, now: dt.datetime, report: PassReport) -> None:
    """Read the spool's outcome of every message handed to it."""
    spooled = db.session.scalars(
        select(SmsMessage).where(SmsMessage.state == WAITING, SmsMessage.backend_ref.is_not(None))
    ).all()
    for message in spooled:
        outcome = off_the_hub(sender.check, message.backend_ref)
        if outcome == SENT:
            _write(message.id, {"state": DELIVERED, "last_error": None})
            report.sent += 1
        elif outcome == ERROR:
            _write(message.id, {"backend_ref": None})
            _record_failure(message.id, reasons.reason_of(SpoolFailed(message.backend_ref)))
            report.failed_tries += 1
        elif message.sent_at is not None and message.sent_at < now - SPOOL_PATIENCE:
            if message.last_error is None:
                _write(message.id, {"last_error": str(reasons.IN_SPOOL)})


def send_test(office_id: int, raw_phone: str, user_id: int | None) -> SmsMessage:
    """Send a test message now, whatever the hour or the cap (the admin is checking the
    modem); it is logged like any other. Raises ValueError for a number that is not mobile."""
    from kiosk.models import Office
    from kiosk.notify.phones import normalise_phone
    from kiosk.notify.texts import TEST_TEXT

    phone = normalise_phone(raw_phone)
    if phone is None:
        raise ValueError(raw_phone)
    office = db.session.get(Office, office_id)
    now = clock.utc_now()
    message = SmsMessage(
        office_id=office_id,
        kind=TEST_KIND,
        phone=phone,
        body=TEST_TEXT.replace("{kantor}", office.name),
        state=WAITING,
        attempts=0,
        next_try_at=now + LEASE,  # not for the worker: sent right here
        created_at=now,
        created_by_id=user_id,
    )
    with write_lock():
        db.session.add(message)
        db.session.commit()
    message_id = message.id
    try:
        sender = current_sender()
    except SmsError as error:
        _record_failure(message_id, reasons.reason_of(error))
    else:
        send_one(sender, message, PassReport())
    return db.session.get(SmsMessage, message_id)
