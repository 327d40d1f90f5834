"""Offices: create one (with its own copy of the catalogue), edit its settings, scope queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from flask import g
from flask_babel import gettext as _
from sqlalchemy import inspect, select
from wtforms.fields.choices import SelectChoice

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import Holiday, Office
from kiosk.offices.current import (
    _cache_key,
    current_office,
    forget_current_office,
    office_settings,
    single_office,
)
from kiosk.offices.settings import (
    FIELDS,
    OfficeSettings,
    OfficeSettingsError,
    check_code,
    clean,
    from_config,
)

FIRST_OFFICE_CODE = "kantor"


def all_offices() -> list[Office]:
    """Every office, in the order they were created."""
    return list(db.session.scalars(select(Office).order_by(Office.id)))


def office_choices() -> list[SelectChoice]:
    """The active offices for a select (the login form shows it when there are several)."""
    query = select(Office.code, Office.name).where(Office.active).order_by(Office.id)
    return [SelectChoice(code, name) for code, name in db.session.execute(query)]


def find_office(code: str) -> Office | None:
    """An office by its code."""
    return db.session.scalar(select(Office).where(Office.code == (code or "").strip().lower()))


def create_office(code: str, name: str, *, load_catalogue: bool = True, **settings) -> Office:
    """A new office; settings not given are copied from the first office (or defaults)."""
    from kiosk.catalogue.service import load_catalogue_into

    code = check_code(code)
    if find_office(code) is not None:
        raise OfficeSettingsError(_("Kode kantor '%(code)s' sudah dipakai.", code=code))
    values = _template_settings()
    values.update(settings, name=name)
    office = Office(code=code, created_at=clock.utc_now(), **clean(values))
    db.session.add(office)
    db.session.flush()
    if load_catalogue:
        load_catalogue_into(office.id)
    _commit_and_forget()
    return office


def ensure_first_office(config) -> Office:
    """The first office, created from the process configuration on an empty database."""
    office = find_first_office()
    if office is None:
        office = Office(
            code=FIRST_OFFICE_CODE, created_at=clock.utc_now(), **clean(from_config(config))
        )
        db.session.add(office)
        _commit_and_forget()
    return office


def update_office(office_id: int, values: dict) -> Office:
    """Save an admin's edit of one office's settings; invalid values save nothing."""
    office = db.session.get(Office, office_id)
    if office is None:
        raise OfficeSettingsError(_("Kantor tidak ditemukan."))
    cleaned = clean({key: values[key] for key in FIELDS if key in values})
    for key, value in cleaned.items():
        setattr(office, key, value)
    _commit_and_forget()
    return office


def local_holidays(office_id: int) -> list[Holiday]:
    """An office's own holidays (national ones come from holidays.yaml), by date."""
    query = select(Holiday).where(Holiday.office_id == office_id).order_by(Holiday.day)
    return list(db.session.scalars(query))


def add_local_holiday(office_id: int, day: dt.date | None, name: str) -> Holiday:
    """A day this office alone is closed (e.g. the village's anniversary)."""
    name = " ".join((name or "").split())
    if day is None or not name or len(name) > 255:
        raise OfficeSettingsError(_("Isi tanggal dan nama hari libur setempat."))
    same_day = select(Holiday.id).where(Holiday.office_id == office_id, Holiday.day == day)
    if db.session.scalar(same_day):
        raise OfficeSettingsError(_("Tanggal itu sudah menjadi hari libur kantor ini."))
    holiday = Holiday(office_id=office_id, day=day, name={"id": name}, kind="lokal")
    db.session.add(holiday)
    _commit_and_forget()
    return holiday


def remove_local_holiday(office_id: int, holiday_id: int) -> None:
    """Take back one of the office's own holidays (national ones cannot be removed here)."""
    holiday = db.session.get(Holiday, holiday_id)
    if holiday is None or holiday.office_id != office_id:
        raise UnknownHoliday(_("Hari libur tidak ditemukan."))
    db.session.delete(holiday)
    _commit_and_forget()


class UnknownHoliday(OfficeSettingsError):
    """No local holiday of this office has that id."""

    code = "not_found"
    status = 404


def _commit_and_forget() -> None:
    """Commit an office change; this process reads the settings afresh from now on."""
    db.session.commit()
    forget_current_office()


def scoped(query, model, office_id: int | None = None):
    """`query` limited to the current office's rows of `model` (a regency account: the rows of
    the offices in its reach, unless `office_id` picks one of them). A one-office server scopes
    nothing (same plans as before)."""
    if office_id is None and single_office():
        return query
    regency = is_regency_request()
    kecamatan = regency_kecamatan()
    if kecamatan:  # a camat: never past the kecamatan's offices, even when one is picked
        query = query.where(model.office_id.in_(_kecamatan_office_ids(kecamatan)))
    if office_id is None:
        office_id = staff_office_id()
        if office_id is None and not regency:
            office_id = current_office().id
    return query if office_id is None else query.where(model.office_id == office_id)


def regency_kecamatan() -> str:
    """The kecamatan code a regency account of this request is limited to; "" for an office
    account, nobody, or a regency account that reaches every office."""
    user = g.get("staff_user")
    if user is None or user.office_id is not None:
        return ""
    return user.kecamatan_scope or ""


def _kecamatan_office_ids(kecamatan: str):
    return select(Office.id).where(Office.region_code == kecamatan)


def offices_in_reach(offices=None) -> list[Office]:
    """Of `offices` (default: every office), those a regency account of this request may
    read: all of them, or its kecamatan's."""
    offices = all_offices() if offices is None else offices
    kecamatan = regency_kecamatan()
    return [office for office in offices if not kecamatan or office.region_code == kecamatan]


def in_reach(office_id: int | None) -> bool:
    """Whether a regency account of this request may read this office's rows."""
    kecamatan = regency_kecamatan()
    if not kecamatan:
        return True
    office = db.session.get(Office, office_id) if office_id is not None else None
    return office is not None and office.region_code == kecamatan


def office_filter(model, office_id: int | None = None) -> tuple:
    """WHERE conditions for `scoped`, to splice into a query being built."""
    query = scoped(_Conditions(), model, office_id)
    return tuple(query.conditions)


def visible_to_staff(row) -> bool:
    """Whether this request may see an office-owned row: its own office's (a regency account:
    any office in its reach). Another office's row is "not found" for staff."""
    if is_regency_request():
        return in_reach(row.office_id)
    office_id = staff_office_id()
    return row.office_id == (office_id if office_id is not None else current_office().id)


class _Conditions:
    """Collects the conditions `scoped` adds, so they can be used without a query."""

    def __init__(self) -> None:
        self.conditions: list = []

    def where(self, *conditions) -> _Conditions:
        self.conditions.extend(conditions)
        return self


def staff_office_id() -> int | None:
    """The office of the staff member of this request (None: a regency account or nobody)."""
    user = g.get("staff_user")
    return user.office_id if user is not None else None


def is_regency_request() -> bool:
    """Whether a regency account (no office of its own) makes this request."""
    user = g.get("staff_user")
    return user is not None and user.office_id is None


@contextmanager
def acting_for(office_id: int) -> Iterator[None]:
    """Work for one office (CLI commands, jobs, tests) whatever the request says."""
    settings = office_settings(office_id)
    if settings is None:
        raise OfficeSettingsError(_("Kantor tidak ditemukan."))
    with acting_as(settings):
        yield


def settings_for_command(code: str | None) -> OfficeSettings:
    """The office a command works for: by code, else the first; before `init-db` has made one,
    the office the configuration describes (e.g. `print-test` on a fresh install)."""
    from flask import current_app

    if not inspect(db.engine).has_table("office") or find_first_office() is None:
        return OfficeSettings.of(
            Office(id=0, code=FIRST_OFFICE_CODE, **from_config(current_app.config))
        )
    office = find_office(code) if code else find_first_office()
    if office is None:
        raise OfficeSettingsError(_("Kantor '%(code)s' tidak ditemukan.", code=code))
    return OfficeSettings.of(office)


def find_first_office() -> Office | None:
    """The first office, if the database has one."""
    return db.session.scalar(select(Office).order_by(Office.id).limit(1))


@contextmanager
def acting_as(settings: OfficeSettings) -> Iterator[None]:
    """Work with these office settings until the block ends."""
    saved = g.get("_office")
    g._office = (_cache_key(), settings)
    try:
        yield
    finally:
        if saved is None:
            g.pop("_office", None)
        else:
            g._office = saved


def _template_settings() -> dict:
    first = find_first_office()
    if first is None:
        from flask import current_app

        return from_config(current_app.config)
    return {key: getattr(first, key) for key in FIELDS}
