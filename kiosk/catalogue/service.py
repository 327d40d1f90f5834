"""Catalogue operations: load the shipped data into the database, and read it back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, select

from kiosk import cache
from kiosk.catalogue.loader import read_holidays, read_services
from kiosk.extensions import db
from kiosk.models import Holiday, Requirement, Service, ServiceGroup

HOLIDAY_TTL_SECONDS = 60.0


@dataclass
class LoadReport:
    """What a catalogue load added (existing rows are left as an admin may have edited them)."""

    groups: int = 0
    services: int = 0
    holidays: int = 0


def load_catalogue() -> LoadReport:
    """Insert shipped groups, services and holidays that the database does not have yet."""
    report = LoadReport()
    document = read_services()
    groups = {g.code: g for g in db.session.scalars(select(ServiceGroup))}
    for position, data in enumerate(document["groups"]):
        if data["code"] not in groups:
            groups[data["code"]] = ServiceGroup(code=data["code"], position=position)
            db.session.add(groups[data["code"]])
            _fill_group(groups[data["code"]], data)
            report.groups += 1
    existing = set(db.session.scalars(select(Service.code)))
    for position, data in enumerate(document["services"]):
        if data["code"] in existing:
            continue
        service = Service(code=data["code"], position=position, group=groups[data["group"]])
        _fill_service(service, data, document)
        db.session.add(service)
        report.services += 1
    known_days = set(db.session.scalars(select(Holiday.day)))
    for entry in read_holidays():
        if entry["date"] not in known_days:
            db.session.add(
                Holiday(
                    day=entry["date"],
                    name_id=entry["name"]["id"],
                    name_en=entry["name"]["en"],
                    kind=entry["kind"],
                )
            )
            report.holidays += 1
    db.session.commit()
    return report


def _fill_group(group: ServiceGroup, data: dict) -> None:
    group.icon = data["icon"]
    group.name_id, group.name_en = data["name"]["id"], data["name"]["en"]
    hint = data.get("hint") or {}
    group.hint_id, group.hint_en = hint.get("id"), hint.get("en")


def _fill_service(service: Service, data: dict, document: dict) -> None:
    service.prefix = data["prefix"]
    service.icon = data["icon"]
    service.fee = data.get("fee", 0)
    service.time_standard_days = data.get("time_standard_days")
    service.daily_quota = data.get("daily_quota")
    service.done_at = data["done_at"]
    for field in ("name", "summary", "notice", "time_note"):
        text = data.get(field) or {}
        setattr(service, f"{field}_id", text.get("id"))
        setattr(service, f"{field}_en", text.get("en"))
    fee_note = document["legal_notes"].get(data.get("fee_note")) or {}
    service.fee_note_id, service.fee_note_en = fee_note.get("id"), fee_note.get("en")
    office = document["offices"][data["done_at"]]
    service.done_at_id, service.done_at_en = office["id"], office["en"]
    for position, item in enumerate(data["requirements"]):
        condition = item.get("condition") or {}
        service.requirements.append(
            Requirement(
                position=position,
                kind=item["kind"],
                icon=item["icon"],
                label_id=item["label"]["id"],
                label_en=item["label"]["en"],
                why_id=item["why"]["id"],
                why_en=item["why"]["en"],
                condition_id=condition.get("id"),
                condition_en=condition.get("en"),
                optional=bool(item.get("optional", False)),
            )
        )


def home_groups() -> list[ServiceGroup]:
    """Tiles for the home screen: groups that have at least one active service, in order."""
    groups = db.session.scalars(select(ServiceGroup).order_by(ServiceGroup.position)).all()
    return [g for g in groups if any(s.active for s in g.services)]


def find_group(code: str) -> ServiceGroup | None:
    """A group by its code."""
    return db.session.scalar(select(ServiceGroup).where(ServiceGroup.code == code))


# Built once: on the ticket path, building the statement cost more than running it.
_ACTIVE_SERVICE_BY_CODE = select(Service).where(Service.code == bindparam("code"), Service.active)


def find_service(code: str) -> Service | None:
    """An active service by its code."""
    return db.session.scalar(_ACTIVE_SERVICE_BY_CODE, {"code": code})


def active_services() -> list[Service]:
    """All active services, in catalogue order."""
    return list(
        db.session.scalars(select(Service).where(Service.active).order_by(Service.position))
    )


def holiday_dates(start: dt.date, days: int = 90) -> set[dt.date]:
    """Holiday dates from `start` on, for office-hours questions (reread at most once a minute
    outside tests: the list changes only by init-db or an admin)."""
    return set(
        cache.memo(
            "holiday_dates", (start, days), HOLIDAY_TTL_SECONDS, lambda: _holidays(start, days)
        )
    )


def _holidays(start: dt.date, days: int) -> frozenset[dt.date]:
    end = start + dt.timedelta(days=days)
    query = select(Holiday.day).where(Holiday.day >= start, Holiday.day <= end)
    return frozenset(db.session.scalars(query))
