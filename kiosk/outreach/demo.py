"""Demo schedule: a few home visits and an extra evening session in the coming weeks, so
`make run` shows a filled /lembar/jadwal and dates on the requirement sheets."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import OutreachSession
from kiosk.outreach.service import EVENING, HOME_VISIT, InvalidSession, SessionInput, add_session

# (days from today, kind, from, to, place, services, note)
DEMO_SESSIONS = (
    (3, HOME_VISIT, "09:00", "12:00", "Balai Dusun Krajan (RT 01–03)",
     ("ktp-baru", "kk-perubahan", "akta-kelahiran", "kia"), ""),
    (6, EVENING, "19:00", "21:00", "Balai Dusun Sumberejo", (),
     "Untuk warga yang bekerja di kebun pada siang hari."),
    (10, HOME_VISIT, "08:30", "11:30", "Posyandu Melati, Dusun Sumberejo RT 04",
     ("akta-kelahiran", "kia", "kis-bayi"), "Bersama posyandu: bawa buku KIA."),
    (17, HOME_VISIT, "09:00", "12:00", "Dusun Kidul RT 02", ("dtks", "sktm", "kis"), ""),
)  # fmt: skip


def seed_outreach_demo() -> int:
    """Plan the demo sessions once (none when the office already has sessions); one that
    the office's own hours already cover (an evening on an evening-hours day) is skipped."""
    if db.session.scalar(select(func.count(OutreachSession.id))):
        return 0
    today, added = clock.today(), 0
    for days, kind, start, end, place, services, note in DEMO_SESSIONS:
        typed = SessionInput(
            kind=kind,
            day=today + dt.timedelta(days=days),
            start=dt.time.fromisoformat(start),
            end=dt.time.fromisoformat(end),
            place=place,
            services=services,
            note=note,
        )
        try:
            add_session(typed, None)
        except InvalidSession:
            continue
        added += 1
    return added
