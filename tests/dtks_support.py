"""Helpers for DTKS tests: a household with its members, in a dusun and RT."""

from __future__ import annotations

import datetime as dt

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import Household, Person

BIRTH = dt.date(1980, 5, 17)


def household(
    head: str = "Siti Aminah",
    *,
    dusun: str = "Krajan",
    rt: str = "001",
    kk: str | None = None,
    nik: str | None = None,
    others: tuple[tuple[str, str], ...] = (),
) -> Household:
    """A flushed household with its head and `others` ((name, relation), ...)."""
    now = clock.now()
    home = Household(
        address="Jl. Mawar 3", dusun=dusun, rt=rt, rw="002", kk_number=kk, created_at=now
    )
    db.session.add(home)
    members = [(head, "kepala_keluarga"), *others]
    for position, (name, relation) in enumerate(members):
        db.session.add(
            Person(
                name=name,
                name_key=name.lower(),
                relation=relation,
                sex="P" if position % 2 == 0 else "L",
                birth_date=BIRTH + dt.timedelta(days=400 * position),
                nik=f"{nik[:-2]}{position:02d}" if nik else None,
                nik_absent=None if nik else "belum_punya",
                household=home,
                created_at=now,
            )
        )
    db.session.flush()
    return home
