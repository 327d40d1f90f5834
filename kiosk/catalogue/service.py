"""Catalogue operations: load the shipped data into the database, and read it back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import bindparam, select

from kiosk import cache
from kiosk.catalogue.loader import (
    DATA_DIR,
    SUPERSEDABLE,
    VILLAGE_NEED,
    read_holidays,
    read_services,
)
from kiosk.extensions import db
from kiosk.files.rehome import follow_moved_services
from kiosk.files.workflow import sync_workflows
from kiosk.models import Holiday, Requirement, Service, ServiceGroup
from kiosk.offices.current import current_office

HOLIDAY_TTL_SECONDS = 60.0


@dataclass
class LoadReport:
    """What a catalogue load added or changed (services and groups already in the database are
    left as an admin may have edited them, except texts the file marks superseded and services
    it retires; requirements follow the file by their code)."""

    groups: int = 0
    services: int = 0
    holidays: int = 0
    requirements: int = 0
    retired: int = 0
    services_retired: int = 0
    corrected: int = 0


def load_catalogue(
    services_path: Path = DATA_DIR / "services.yaml",
    holidays_path: Path = DATA_DIR / "holidays.yaml",
) -> LoadReport:
    """Make sure the first office exists (from the configuration); insert the shipped national
    holidays and, into every office, the groups and services it does not have yet; upsert every
    service's requirements by code; store new workflow versions."""
    from flask import current_app

    from kiosk.offices.service import all_offices, ensure_first_office

    ensure_first_office(current_app.config)
    report = LoadReport()
    document = read_services(services_path)
    for office in all_offices():
        added = load_catalogue_into(office.id, document)
        report.groups += added.groups
        report.services += added.services
        report.requirements += added.requirements
        report.retired += added.retired
        report.services_retired += added.services_retired
        report.corrected += added.corrected
    known_days = set(db.session.scalars(select(Holiday.day).where(Holiday.office_id.is_(None))))
    for entry in read_holidays(holidays_path):
        if entry["date"] not in known_days:
            db.session.add(Holiday(day=entry["date"], name=entry["name"], kind=entry["kind"]))
            report.holidays += 1
    db.session.commit()
    sync_workflows()
    follow_moved_services()
    return report


def load_catalogue_into(office_id: int, document: dict | None = None) -> LoadReport:
    """Insert the shipped groups and services one office does not have yet and upsert their
    requirements by code (no commit)."""
    report = LoadReport()
    document = document or read_services()
    groups = {
        g.code: g
        for g in db.session.scalars(select(ServiceGroup).where(ServiceGroup.office_id == office_id))
    }
    for position, data in enumerate(document["groups"]):
        if data["code"] not in groups:
            group = ServiceGroup(code=data["code"], position=position, office_id=office_id)
            groups[data["code"]] = group
            db.session.add(group)
            _fill_group(group, data)
            report.groups += 1
        else:
            report.corrected += _correct(groups[data["code"]], data, "group")
    existing = {
        s.code: s for s in db.session.scalars(select(Service).where(Service.office_id == office_id))
    }
    for position, data in enumerate(document["services"]):
        service = existing.get(data["code"])
        if data.get("retired"):
            report.services_retired += _retire(service)
            continue
        if service is not None:
            report.corrected += _correct(service, data, "service")
        else:
            service = Service(
                code=data["code"],
                position=position,
                group=groups[data["group"]],
                office_id=office_id,
            )
            _fill_service(service, data, document)
            db.session.add(service)
            report.services += 1
        _upsert_requirements(service, data["requirements"], report)
    db.session.flush()
    return report


def _retire(service: Service | None) -> int:
    """Switch a retired service off where it exists (its files and tickets stay); 1 if it was on."""
    if service is None or not service.active:
        return 0
    service.active = False
    return 1


def _correct(row: ServiceGroup | Service, data: dict, kind: str) -> int:
    """Replace texts that still read as an earlier shipped version (`superseded`); an admin's
    own wording is kept. Returns how many texts changed."""
    changed = 0
    for field, earlier in (data.get("superseded") or {}).items():
        current, shipped = getattr(row, field), data.get(field)
        if field in SUPERSEDABLE[kind] and current != shipped and current in earlier:
            setattr(row, field, shipped)
            changed += 1
    return changed


def _fill_group(group: ServiceGroup, data: dict) -> None:
    group.icon = data["icon"]
    group.name, group.hint = data["name"], data.get("hint")


def _fill_service(service: Service, data: dict, document: dict) -> None:
    service.prefix = data["prefix"]
    service.icon = data["icon"]
    service.fee = data.get("fee", 0)
    service.time_standard_days = data.get("time_standard_days")
    service.daily_quota = data.get("daily_quota")
    service.done_at = data["done_at"]
    for field in ("name", "summary", "notice", "time_note"):
        setattr(service, field, data.get(field))
    service.fee_note = document["legal_notes"].get(data.get("fee_note"))
    service.done_at_label = document["offices"][data["done_at"]]


def _upsert_requirements(service: Service, items: list[dict], report: LoadReport) -> None:
    """Match requirements by code: update the text and flags, add new ones, retire the rest.

    A row is never deleted: files keep pointing at it, and a relabel shows on old files."""
    rows = {r.code: r for r in service.all_requirements}
    for position, item in enumerate(items):
        row = rows.pop(item["code"], None)
        if row is None:
            row = Requirement(code=item["code"])
            service.all_requirements.append(row)
            report.requirements += 1
        values = {
            "position": position,
            "kind": item["kind"],
            "icon": item["icon"],
            "label": item["label"],
            "why": item["why"],
            "condition": VILLAGE_NEED if item.get("village_need") else item.get("condition"),
            "optional": bool(item.get("optional", False)),
            "one_of": item.get("one_of"),
            "active": True,
        }
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
    for row in rows.values():
        if row.active:
            row.active = False
            report.retired += 1


def home_groups() -> list[ServiceGroup]:
    """Tiles for the home screen: groups that have at least one active service, in order."""
    query = select(ServiceGroup).where(ServiceGroup.office_id == current_office().id)
    groups = db.session.scalars(query.order_by(ServiceGroup.position)).all()
    return [g for g in groups if any(s.active for s in g.services)]


def find_group(code: str) -> ServiceGroup | None:
    """A group of the current office by its code."""
    return db.session.scalar(
        select(ServiceGroup).where(
            ServiceGroup.code == code, ServiceGroup.office_id == current_office().id
        )
    )


# Built once: on the ticket path, building the statement cost more than running it.
_ACTIVE_SERVICE_BY_CODE = select(Service).where(
    Service.code == bindparam("code"), Service.office_id == bindparam("office_id"), Service.active
)


def find_service(code: str) -> Service | None:
    """An active service of the current office by its code."""
    return db.session.scalar(
        _ACTIVE_SERVICE_BY_CODE, {"code": code, "office_id": current_office().id}
    )


def active_services() -> list[Service]:
    """All active services of the current office, in catalogue order."""
    query = select(Service).where(Service.active, Service.office_id == current_office().id)
    return list(db.session.scalars(query.order_by(Service.position)))


def holiday_dates(start: dt.date, days: int = 90) -> set[dt.date]:
    """The current office's closed dates from `start` on: national days (cuti bersama only if
    the office closes then) and its local holidays. Reread at most once a minute outside tests:
    the list changes only by init-db or an admin."""
    office = current_office()
    key = (office.id, office.cuti_bersama_closes, start, days)
    return set(
        cache.memo(
            "holiday_dates",
            key,
            HOLIDAY_TTL_SECONDS,
            lambda: _holidays(office.id, office.cuti_bersama_closes, start, days),
        )
    )


def _holidays(office_id: int, cuti_bersama_closes: bool, start: dt.date, days: int):
    end = start + dt.timedelta(days=days)
    national = Holiday.office_id.is_(None)
    if not cuti_bersama_closes:
        national = national & (Holiday.kind != "cuti_bersama")
    query = select(Holiday.day).where(
        Holiday.day >= start, Holiday.day <= end, national | (Holiday.office_id == office_id)
    )
    return frozenset(db.session.scalars(query))
