"""Import a CSV list of households into the office's data and the worklist.

A household already on record (same KK number, or else the same address, RT, RW and head of
household) is reused, so importing the same list twice adds nothing. All or nothing: a file
with any error imports no row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kiosk import clock
from kiosk.extensions import db
from kiosk.fieldoffice.assignments import Period, assign
from kiosk.fieldoffice.household_csv import HouseholdLine, HouseholdList, same_place_key
from kiosk.models import Household, Person, User

HEAD = "kepala_keluarga"


@dataclass(frozen=True)
class ImportResult:
    """What an import did, for the message on screen."""

    created: int
    reused: int
    assigned: int
    already_assigned: int


def import_households(
    read: HouseholdList, officer: User, period: Period, user: User | None, office_id: int
) -> ImportResult:
    """Create the households not yet on record and assign them all to `officer` (one
    commit for the households and their assignments)."""
    if not read.ok:
        raise ValueError("a list with errors is never imported")
    by_kk, by_place = _known(read, office_id)
    homes: list[Household] = []
    created = 0
    for line in read.households:
        home = (by_kk.get(line.kk_number) if line.kk_number else None) or by_place.get(
            line.same_place_key()
        )
        if home is None:
            home = _new_household(line, office_id)
            by_place[line.same_place_key()] = home
            created += 1
        homes.append(home)
    db.session.flush()
    assigned, already = assign([home.id for home in homes], officer, period, user, office_id)
    return ImportResult(created, len(homes) - created, assigned, already)


def _known(read: HouseholdList, office_id: int) -> tuple[dict, dict]:
    """Households on record by the file's KK numbers (any office: a KK is one family), and
    the office's households by address, RT, RW and head of household."""
    numbers = [line.kk_number for line in read.households if line.kk_number]
    by_kk = {
        home.kk_number: home
        for home in db.session.scalars(select(Household).where(Household.kk_number.in_(numbers)))
    }
    heads = db.session.execute(
        select(Household, Person.name)
        .join(Person, Person.household_id == Household.id)
        .where(Household.office_id == office_id, Person.relation == HEAD)
    )
    by_place = {
        same_place_key(home.address, home.rt or "", home.rw or "", name): home
        for home, name in heads
    }
    return by_kk, by_place


def _new_household(line: HouseholdLine, office_id: int) -> Household:
    now = clock.now()
    home = Household(
        kk_number=line.kk_number,
        address=line.address,
        dusun=line.dusun,
        rt=line.rt,
        rw=line.rw,
        office_id=office_id,
        created_at=now,
    )
    db.session.add(home)
    db.session.add(
        Person(
            name=line.head_name,
            name_key=line.head_name.lower(),
            relation=HEAD,
            household=home,
            office_id=office_id,
            created_at=now,
        )
    )
    return home
