"""The SMS outbox: what is queued for a file, the office's settings and templates, sending
again. No request inside; the sender (kiosk.notify.sender) empties the outbox.

`queue_for_file` runs inside a file's status change, before its commit: it adds a row and
never commits, flushes or raises (a fault is logged and the status change goes on).
"""

from __future__ import annotations

import datetime as dt
import logging

from flask_babel import gettext as _
from sqlalchemy import event, func, select

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import (
    CaseFile,
    Office,
    Service,
    ServiceGroup,
    SmsMessage,
    SmsSetting,
    SmsTemplate,
    User,
)
from kiosk.notify import gsm
from kiosk.notify.phones import normalise_phone
from kiosk.notify.texts import (
    DEFAULTS,
    KINDS,
    LONGEST_CODE,
    LONGEST_DATE,
    TemplateError,
    Values,
    check_template,
    render,
)

log = logging.getLogger("satupintu.sms")
WAITING, SENT, FAILED, CANCELLED = SmsMessage.STATES
WAKE_KEY = "satupintu.sms_wake"  # app.extensions: a callable that wakes the sender


class SmsNotFound(LookupError):
    """No such message in this office."""


# --- queueing ---------------------------------------------------------------------------------


def on_status_changed(case: CaseFile, previous=None, target=None, previous_due=None, **_extra):
    """Receiver of file_status_changed: queue the SMS the change calls for, if any."""
    try:
        from kiosk.files.service import file_workflow
        from kiosk.notify.rules import kind_for_change

        with db.session.no_autoflush:
            kind = kind_for_change(
                file_workflow(case), previous, target, previous_due, case.due_date
            )
            if kind is not None:
                queue_for_file(case, kind)
    except Exception:  # the status change must succeed whatever happens here
        log.exception("SMS for file %s not queued", case.id)


def queue_for_file(case: CaseFile, kind: str) -> SmsMessage | None:
    """Add the `kind` message about `case`'s latest status change to the session (no commit),
    when its applicant has a phone and agreed to SMS and the office sends SMS. A message the
    same change already queued is not queued again. Never raises."""
    try:
        with db.session.no_autoflush:
            return _queue(case, kind)
    except Exception:
        log.exception("SMS %s for file %s not queued", kind, case.id)
        return None


def _queue(case: CaseFile, kind: str) -> SmsMessage | None:
    person = case.applicant
    if kind not in KINDS or person is None or not person.phone or not person.phone_consent:
        return None
    if not settings_for(case.office_id).enabled:
        return None
    event_key = f"{case.status}@{case.status_since.astimezone(dt.UTC):%Y%m%dT%H%M%S%f}"
    if _already_queued(case, kind, event_key):
        return None
    now = clock.utc_now()
    phone = normalise_phone(person.phone)
    body = render(template_text(case.office_id, kind), values_for(case))
    message = SmsMessage(
        office_id=case.office_id,
        file_id=case.id,
        kind=kind,
        event=event_key,
        phone=phone or _digits(person.phone),
        body=body,
        state=WAITING,
        attempts=0,
        next_try_at=now,
        created_at=now,
    )
    if phone is None:
        message.state, message.next_try_at = CANCELLED, None
        message.last_error = _("Bukan nomor HP Indonesia; periksa nomor di data warga.")
    elif not gsm.fits(body):
        message.state, message.next_try_at = CANCELLED, None
        message.last_error = _(
            "Teks SMS lebih dari %(limit)d huruf; perpendek templatnya di Admin SMS.",
            limit=gsm.SMS_LIMIT,
        )
    db.session.add(message)
    if message.state == WAITING:
        wake_after_commit()
    return message


def _digits(raw: str) -> str:
    return "".join(c for c in raw if c.isdigit() or c == "+")[:20]


def _already_queued(case: CaseFile, kind: str, event_key: str) -> bool:
    pending = any(
        isinstance(row, SmsMessage)
        and row.file_id == case.id
        and (row.kind, row.event) == (kind, event_key)
        for row in db.session.new
    )
    if pending:
        return True
    found = db.session.scalar(
        select(SmsMessage.id).where(
            SmsMessage.file_id == case.id, SmsMessage.kind == kind, SmsMessage.event == event_key
        )
    )
    return found is not None


def wake_after_commit() -> None:
    """Wake the sender once this transaction is committed (a rolled-back change sends nothing)."""
    from flask import current_app

    wake = current_app.extensions.get(WAKE_KEY)
    if wake is not None:
        event.listen(db.session(), "after_commit", lambda _session: wake(), once=True)


def wake_sender() -> None:
    """Wake the sender now (after a commit)."""
    from flask import current_app

    wake = current_app.extensions.get(WAKE_KEY)
    if wake is not None:
        wake()


# --- what goes into a message -----------------------------------------------------------------


def values_for(case: CaseFile) -> Values:
    """The placeholders' values for a file: nothing about the person."""
    office = db.session.get(Office, case.office_id)
    group = db.session.get(ServiceGroup, case.service.group_id)
    due = case.due_date
    return Values(
        kode=case.tracking_code,
        layanan=group.text("name") if group else case.service.text("name"),
        tanggal=f"{due:%d-%m-%Y}" if due else "-",
        kantor=office.name,
        telp=office.phone or "-",
    )


def longest_values(office_id: int) -> Values:
    """The longest value each placeholder can take in this office (the check on save)."""
    office = db.session.get(Office, office_id)
    groups = db.session.scalars(
        select(ServiceGroup).where(
            ServiceGroup.id.in_(select(Service.group_id).where(Service.office_id == office_id))
        )
    ).all()
    names = [g.text("name") for g in groups] or [""]
    return Values(
        kode=LONGEST_CODE,
        layanan=max(names, key=gsm.length),
        tanggal=LONGEST_DATE,
        kantor=office.name,
        telp=office.phone or "-",
    )


# --- templates --------------------------------------------------------------------------------


def template_text(office_id: int, kind: str) -> str:
    """The office's wording of `kind`, or the default one."""
    row = _template_row(office_id, kind)
    return row.text if row is not None else DEFAULTS[kind]


def _template_row(office_id: int, kind: str) -> SmsTemplate | None:
    return db.session.scalar(
        select(SmsTemplate).where(SmsTemplate.office_id == office_id, SmsTemplate.kind == kind)
    )


def templates_of(office_id: int) -> dict[str, SmsTemplate | None]:
    """kind -> the office's row (None: the default wording is used)."""
    return {kind: _template_row(office_id, kind) for kind in KINDS}


def save_template(office_id: int, kind: str, text: str, user: User | None) -> SmsTemplate:
    """Check and store a template (TemplateError says why it cannot be used); commits."""
    if kind not in KINDS:
        raise TemplateError(_("Jenis SMS tidak dikenal."))
    text = check_template(text, longest_values(office_id))
    row = _template_row(office_id, kind)
    now = clock.utc_now()
    if row is None:
        row = SmsTemplate(office_id=office_id, kind=kind, version=0)
        db.session.add(row)
    if row.text != text:
        row.text, row.version = text, row.version + 1
        row.updated_by_id, row.updated_at = (user.id if user else None), now
    db.session.commit()
    return row


# --- settings ---------------------------------------------------------------------------------


def settings_for(office_id: int) -> SmsSetting:
    """The office's SMS settings (the defaults, unsaved, when it has none yet)."""
    row = db.session.get(SmsSetting, office_id)
    if row is None:
        row = SmsSetting(
            office_id=office_id,
            enabled=True,
            daily_cap=100,
            quiet_from=dt.time(20, 0),
            quiet_until=dt.time(7, 0),
        )
    return row


def save_settings(
    office_id: int,
    *,
    enabled: bool,
    daily_cap: int,
    quiet_from: dt.time,
    quiet_until: dt.time,
    user: User | None,
) -> SmsSetting:
    """Store the office's SMS settings; commits."""
    row = db.session.get(SmsSetting, office_id)
    if row is None:
        row = SmsSetting(office_id=office_id)
        db.session.add(row)
    row.enabled, row.daily_cap = enabled, daily_cap
    row.quiet_from, row.quiet_until = quiet_from, quiet_until
    row.updated_by_id, row.updated_at = (user.id if user else None), clock.utc_now()
    db.session.commit()
    wake_sender()
    return row


def in_quiet_hours(setting: SmsSetting, local: dt.datetime) -> bool:
    """Whether `local` (office time) falls in the quiet hours (from inclusive, until exclusive;
    they may wrap past midnight; equal times mean none)."""
    start, end, now = setting.quiet_from, setting.quiet_until, local.time()
    if start == end:
        return False
    if start < end:
        return start <= now < end
    return now >= start or now < end


def start_of_local_day(local: dt.datetime) -> dt.datetime:
    """Midnight of `local`'s day, in UTC."""
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(dt.UTC)


def handed_today(office_id: int, local: dt.datetime) -> int:
    """How many SMS of the office left for the modem since local midnight (the daily cap)."""
    return db.session.scalar(
        select(func.count(SmsMessage.id)).where(
            SmsMessage.office_id == office_id,
            SmsMessage.sent_at >= start_of_local_day(local),
            SmsMessage.kind != "uji",
        )
    )


# --- staff actions ----------------------------------------------------------------------------


def get_message(office_id: int | None, message_id: int) -> SmsMessage:
    """A message of the office (any office for a regency account: office_id None)."""
    message = db.session.get(SmsMessage, message_id)
    if message is None or (office_id is not None and message.office_id != office_id):
        raise SmsNotFound(message_id)
    return message


def send_again(message: SmsMessage) -> bool:
    """Put a waiting or failed message first in line again; False for one sent or cancelled.
    A failed one gets one more try. Commits and wakes the sender."""
    if message.state not in (WAITING, FAILED) or message.backend_ref:
        return False  # sent, cancelled, or already in the Gammu spool
    message.state = WAITING
    message.next_try_at = clock.utc_now()
    db.session.commit()
    wake_sender()
    return True
