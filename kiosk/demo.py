"""The demo office: configuration, a week of past tickets (so averages exist), a sample receipt."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

import printer
from kiosk import clock
from kiosk.catalogue.service import active_services
from kiosk.config_file import CONFIG_FILE
from kiosk.extensions import db
from kiosk.models import DailyCounter, Ticket
from kiosk.offices.current import current_office
from kiosk.queue.service import format_number
from kiosk.setup import initialise
from kiosk.tracking import new_code
from kiosk.welfare.dtks.demo import seed_dtks_demo

DEMO_CONFIG = """\
# Satu Pintu demo office, written by `satupintu demo`. Edit freely (TOML: text in "quotes",
# numbers bare); SATUPINTU_* environment variables override these values.
# See README.md "Configuration".
OFFICE_NAME = "Kantor Desa Sukamaju (demo)"
OFFICE_ADDRESS = "Jl. Raya Sukamaju No. 1, Kec. Sukamaju"
# Real offices use e.g. "mon-thu 08:00-15:00; fri 08:00-11:00,13:00-15:00; mon,wed 19:00-21:00".
# The demo is open round the clock so it can be tried at any hour.
OFFICE_HOURS = "always"
PRINTER = {printer}
RECEIPT_PREVIEW_DIR = {receipts}
PRINTER_PAPER = "80"
"""

# Minutes at the counter per service family, for realistic averages.
_SERVICE_MINUTES = {"sktm": (4, 8), "domisili": (4, 8), "kis": (10, 20), "dtks": (10, 20)}


def write_demo_config(app: Flask) -> Path:
    """Write instance/satupintu.toml for the demo unless an office already configured one."""
    instance = Path(app.instance_path)
    path = instance / CONFIG_FILE
    if not path.exists():  # an old satupintu.cfg was converted to it when the app was built
        receipts = instance / "receipts"
        receipts.mkdir(parents=True, exist_ok=True)
        # json.dumps quotes a path as a TOML basic string (same escapes).
        text = DEMO_CONFIG.format(
            printer=json.dumps(f"file:{receipts / 'last-receipt.bin'}"),
            receipts=json.dumps(str(receipts)),
        )
        path.write_text(text, encoding="utf-8")
    return path


def seed_demo(app: Flask, days: int = 7, seed: int = 2026) -> str:
    """Schema, catalogue, demo complaints, and past tickets for each of the last `days` working
    days (once)."""
    from kiosk.complaints.demo import seed_complaints
    from kiosk.notify.demo import seed_sms_demo
    from kiosk.outreach.demo import seed_outreach_demo
    from kiosk.reports.demo import seed_report_demo
    from kiosk.reports.ikm.demo import seed_ikm_demo

    initialise(app)
    with app.app_context():
        from kiosk.welfare.referrals.demo import seed_referral_demo

        seed_staff()
        seed_referral_demo()
        today = clock.today()
        if db.session.scalar(select(func.count(Ticket.id)).where(Ticket.day < today)):
            return "Past tickets already seeded. " + seed_staff()
        staff = seed_staff()
        seed_complaints()
        seed_outreach_demo()
        staff += " " + seed_dtks_demo()
        staff += " " + seed_report_demo()
        staff += " " + seed_sms_demo()
        rng = random.Random(seed)
        services = active_services()
        count = 0
        for back in range(days, 0, -1):
            day = today - dt.timedelta(days=back)
            if day.weekday() >= 5:
                continue
            for service in services:
                count += _seed_day(rng, service, day)
        db.session.flush()
        surveys = seed_ikm_demo()
        db.session.commit()
        return f"Seeded {count} past tickets, {surveys} IKM surveys. {staff}"


# Demo counters by the services they call (letter prefixes of services.yaml).
DEMO_COUNTERS = {
    "Loket 1": ["ktp-baru", "ktp-hilang-rusak", "ktp-perubahan", "kia"],
    "Loket 2": ["kk-baru", "kk-perubahan", "kk-pisah", "kk-hilang-rusak", "surat-pindah"],
    "Loket 3": ["akta-kelahiran", "akta-kematian", "sktm", "domisili"],
    "Loket 4": ["kis", "pbi-aktifkan", "kis-bayi", "kis-keluhan", "dtks"],
}
DEMO_PASSWORD = "satupintu"
DEMO_USERS = [
    ("admin", "Admin Desa", "admin", None),
    ("petugas1", "Petugas Loket 1", "petugas", "Loket 1"),
    ("petugas2", "Petugas Loket 2", "petugas", "Loket 2"),
    ("kepala", "Kepala Desa", "kepala", None),
    ("lapangan1", "Petugas Lapangan 1", "lapangan", None),
]


def seed_staff() -> str:
    """Demo counters and accounts (password DEMO_PASSWORD), created once, never reset.

    The known password is below the password rules on purpose: on localhost it stays usable;
    when the server listens on the LAN the first login must replace it (kiosk.auth.service).
    """
    from kiosk.auth.service import create_user
    from kiosk.counter.service import create_counter
    from kiosk.models import Counter, User

    for name, codes in DEMO_COUNTERS.items():
        if not db.session.scalar(select(Counter.id).where(Counter.name == name)):
            create_counter(name, codes)
    for username, display, role, counter_name in DEMO_USERS:
        if not db.session.scalar(select(User.id).where(User.username == username)):
            counter_id = db.session.scalar(select(Counter.id).where(Counter.name == counter_name))
            create_user(username, DEMO_PASSWORD, role, display, counter_id, check_policy=False)
    names = ", ".join(user[0] for user in DEMO_USERS)
    return (
        f"Staff logins ({names}) use the password '{DEMO_PASSWORD}' on localhost; "
        "served on the LAN, each must choose a new password at first login."
    )


def _seed_day(rng: random.Random, service, day: dt.date) -> int:
    tz = current_office().tz
    low, high = next(
        (span for key, span in _SERVICE_MINUTES.items() if service.code.startswith(key)), (5, 12)
    )
    total = rng.randint(1, 8)
    moment = dt.datetime.combine(day, dt.time(8, 0), tz)
    counter_free = moment
    for number in range(1, total + 1):
        moment += dt.timedelta(minutes=rng.randint(3, 35))
        called = max(moment, counter_free) + dt.timedelta(minutes=rng.randint(0, 5))
        no_show = rng.random() < 0.05
        started = None if no_show else called + dt.timedelta(minutes=1)
        finished = None if no_show else started + dt.timedelta(minutes=rng.uniform(low, high))
        counter_free = finished or called
        db.session.add(
            Ticket(
                service_id=service.id,
                day=day,
                number=number,
                label=format_number(service.prefix, number),
                priority=rng.random() < 0.15,
                state="no_show" if no_show else "done",
                tracking_code=new_code(),
                source="kiosk",
                issued_at=moment,
                called_at=called,
                started_at=started,
                finished_at=finished,
                missing_requirements=[],
            )
        )
    db.session.add(DailyCounter(service_id=service.id, day=day, last_number=total))
    return total


def sample_receipt() -> printer.Receipt:
    """A receipt with every kind of line, for `satupintu print-test`."""
    office = current_office()
    receipt = printer.Receipt()
    receipt.heading(office.name)
    receipt.rule()
    receipt.text("TES PRINTER / PRINTER TEST", align="center", bold=True)
    receipt.big("A-000")
    receipt.text(clock.now().strftime("%d-%m-%Y %H.%M"), align="center")
    receipt.rule()
    receipt.checkbox("Kotak centang / checkbox")
    receipt.pair("Biaya", "GRATIS")
    receipt.qr(f"{office.base_url}/", caption="TES")
    receipt.text("Jika QR dan huruf di atas terbaca jelas, printer siap.", align="center")
    return receipt
