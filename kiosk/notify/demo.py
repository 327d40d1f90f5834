"""Demo SMS for `make run`: /sms shows one message sent, one waiting and one failed, about demo
files whose applicants agreed to SMS. Made once, after the report demo's files exist."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import CaseFile, Person, SmsMessage
from kiosk.notify.reasons import REASONS
from kiosk.notify.service import FAILED, SENT, queue_for_file

# (demo file's applicant, kind, state, phone): 0812-0000-xxxx, no real subscriber's number.
MESSAGES = (
    ("Demo Laporan 12", "siap_diambil", SENT, "081200000012"),
    ("Demo Laporan 13", "siap_diambil", "menunggu", "081200000013"),
    ("Demo Laporan 10", "perlu_dilengkapi", FAILED, "081200000010"),
)


def seed_sms_demo() -> str:
    """Queue the demo messages through the real outbox rule, then age them (once)."""
    if db.session.scalar(select(SmsMessage.id).limit(1)) is not None:
        return ""
    made = 0
    now = clock.utc_now()
    for name, kind, state, phone in MESSAGES:
        case = db.session.scalar(
            select(CaseFile)
            .join(Person, CaseFile.applicant_id == Person.id)
            .where(Person.name == name)
        )
        if case is None:
            continue
        case.applicant.phone, case.applicant.phone_consent = phone, True
        message = queue_for_file(case, kind)
        if message is None:
            continue
        made += 1
        message.created_at = now - dt.timedelta(hours=made)
        if state == SENT:
            message.state, message.attempts, message.next_try_at = SENT, 1, None
            message.sent_at, message.backend_ref = message.created_at, "demo"
        elif state == FAILED:
            message.state, message.attempts, message.next_try_at = FAILED, 8, None
            message.last_error = str(REASONS["rejected"])
    db.session.commit()
    return f"Seeded {made} demo SMS." if made else ""
