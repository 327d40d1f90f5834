"""Demo DTKS proposals: households of the demo village in every stage of the cycle, so the
welfare desk of `make run` is full. Made once (skipped when any proposal exists)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from kiosk import clock
from kiosk.extensions import db
from kiosk.files.service import change_status
from kiosk.models import DtksProposal, Household, Person, User
from kiosk.welfare.dtks import steps
from kiosk.welfare.dtks.service import propose

# (head, spouse, dusun, RT, the stage to reach)
FAMILIES = (
    ("Sutrisno", "Suminah", "Krajan", "001", "diusulkan"),
    ("Paini", None, "Krajan", "002", "diusulkan"),
    ("Ngatiyem", None, "Krajan", "003", "perlu_dilengkapi"),
    ("Slamet Riyadi", "Tukiyem", "Sumberejo", "001", "diverifikasi"),
    ("Sarmini", None, "Sumberejo", "002", "diverifikasi"),
    ("Joko Susilo", "Warsini", "Sumberejo", "002", "belum_dapat_diusulkan"),
    ("Kasmo", "Painem", "Krajan", "001", "masuk_daftar_musyawarah"),
    ("Mujiati", None, "Krajan", "002", "masuk_daftar_musyawarah"),
    ("Tarno", "Sulastri", "Sumberejo", "001", "masuk_daftar_musyawarah"),
    ("Wagiman", "Ngatinah", "Krajan", "003", "disepakati_musyawarah"),
    ("Rusmini", None, "Sumberejo", "003", "disepakati_musyawarah"),
    ("Supardi", "Sartini", "Krajan", "001", "tidak_disepakati_musyawarah"),
    ("Karto Wiyono", "Sainah", "Sumberejo", "001", "diinput_siksng"),
    ("Marsinah", None, "Krajan", "002", "masuk_dtsen"),
    ("Parmo", "Jumiati", "Sumberejo", "002", "tidak_masuk_dtsen"),
    ("Sukirah", None, "Krajan", "003", "sanggahan"),
)
ORDER = (
    "diusulkan",
    "diverifikasi",
    "masuk_daftar_musyawarah",
    "disepakati_musyawarah",
    "diinput_siksng",
    "masuk_dtsen",
)


def seed_dtks_demo() -> str:
    """The demo families and their proposals (once)."""
    if db.session.scalar(select(DtksProposal.id).limit(1)) is not None:
        return ""
    officer = db.session.scalar(select(User).where(User.username == "petugas1"))
    for number, (head, spouse, dusun, rt, stage) in enumerate(FAMILIES, start=1):
        home = _family(number, head, spouse, dusun, rt)
        case = propose(home, "baru", officer, channel="desk" if number % 3 else "counter")
        _walk(case, stage, officer)
    return f"Seeded {len(FAMILIES)} DTKS proposals."


def _family(number: int, head: str, spouse: str | None, dusun: str, rt: str) -> Household:
    now = clock.now()
    home = Household(
        address=f"Dusun {dusun} No. {number}", dusun=dusun, rt=rt, rw="001", created_at=now
    )
    db.session.add(home)
    members = [(head, "kepala_keluarga", 1970, "L")]
    members += [(spouse, "istri", 1974, "P")] if spouse else []
    members.append((f"Anak {head.split()[0]}", "anak", 2008, "L"))
    for index, (name, relation, year, sex) in enumerate(members):
        born = dt.date(year, 1 + number % 12, 1 + number % 27)
        db.session.add(
            Person(
                name=name,
                name_key=name.lower(),
                relation=relation,
                sex=sex,
                birth_date=born,
                nik=_demo_nik(born, sex, 7000 + number * 10 + index),
                household=home,
                created_at=now,
            )
        )
    db.session.flush()
    return home


def _demo_nik(born: dt.date, sex: str, serial: int) -> str:
    """A NIK of the demo region (35 09 12) with the person's birth date and sex in it."""
    day = born.day + (40 if sex == "P" else 0)
    return f"350912{day:02d}{born:%m%y}{serial:04d}"


def _walk(case, stage: str, officer: User) -> None:
    """Move a new proposal to `stage` the way the desk and the meeting would."""
    if stage == "perlu_dilengkapi":
        change_status(case, stage, "KK terbaru belum dibawa.", officer)
        return
    if stage == "belum_dapat_diusulkan":
        change_status(case, stage, "Penghasilan tetap di atas batas kriteria desa.", officer)
        return
    reached = ORDER.index(stage) if stage in ORDER else len(ORDER)
    if reached >= 1:
        steps.record_visit(
            case,
            officer,
            outcome="ditemui",
            criteria_met=["k01", "k02", "k04", "k07", "k10", "k11", "k12", "k13", "k14"],
            note="Rumah berdinding bambu.",
            visited_on=clock.today(),
        )
    if reached >= 2:
        steps.list_for_meeting(case, officer)
    if stage == "tidak_disepakati_musyawarah":
        note = "Musyawarah: keluarga sudah mampu."
        change_status(case, stage, note, officer, via="meeting")
        return
    if stage == "sanggahan":
        change_status(
            case,
            "tidak_disepakati_musyawarah",
            "Musyawarah: dianggap mampu.",
            officer,
            via="meeting",
        )
        steps.record_objection(
            case, "Suami baru meninggal; keluarga tidak berpenghasilan.", officer
        )
        return
    if reached >= 3:
        change_status(
            case, "disepakati_musyawarah", "Disepakati musyawarah desa.", officer, via="meeting"
        )
    if reached >= 4:
        steps.mark_entered([case], clock.today(), officer)
    if stage == "masuk_dtsen":
        steps.record_outcome(case, "masuk", 2, clock.today(), officer)
    if stage == "tidak_masuk_dtsen":
        steps.record_outcome(case, "tidak_masuk", None, clock.today(), officer)
