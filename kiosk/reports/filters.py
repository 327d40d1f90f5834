"""The filter of every report: period, service, and for a regency account kecamatan and office.

Read from the query string (?dari=&sampai=&layanan=&kantor=&kecamatan=), the same for the page,
the downloads and the charts. Bad input raises ReportFilterError (400, a message in Indonesian).
An office account always gets its own office, whatever the query string says."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import Office, Service
from kiosk.offices.current import current_office
from kiosk.offices.service import is_regency_request, regency_kecamatan, staff_office_id

FIRST_YEAR = 2000
LAST_YEAR = 2100
LONGEST_DAYS = 366
KECAMATAN = re.compile(r"^\d{6}$")


class ReportFilterError(DomainError):
    """The filter cannot be read; the message says which part and how to fix it."""

    code = "bad_filter"
    status = 400


@dataclass(frozen=True)
class ReportFilter:
    """What a report covers. Dates are inclusive office-local days."""

    start: dt.date
    end: dt.date
    today: dt.date
    offices: tuple[Office, ...]
    service_code: str = ""
    kecamatan: str = ""
    office_code: str = ""
    regency: bool = False  # a regency account: the office and kecamatan choices are shown

    @property
    def office_ids(self) -> list[int]:
        return [office.id for office in self.offices]

    @property
    def several_offices(self) -> bool:
        return len(self.offices) > 1

    def query_args(self, **override) -> dict[str, str]:
        """The filter as query-string arguments (for links to downloads and other periods)."""
        args = {
            "dari": self.start.isoformat(),
            "sampai": self.end.isoformat(),
            "layanan": self.service_code,
            "kecamatan": self.kecamatan,
            "kantor": self.office_code,
        }
        args.update(override)
        return {key: value for key, value in args.items() if value}


def this_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of today's month."""
    return today.replace(day=1), month_end(today)


def last_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the month before today's."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


def month_end(day: dt.date) -> dt.date:
    """The last day of `day`'s month."""
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def parse_month(text: str | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """?bulan=YYYY-MM (default: this month) as its first and last day."""
    if not text:
        return this_month(today)
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR or not 1 <= int(match[2]) <= 12:
        raise ReportFilterError(_("Bulan tidak sah: tulis tahun-bulan, contoh 2026-11."))
    first = dt.date(int(match[1]), int(match[2]), 1)
    return first, month_end(first)


def parse_filter(args: Mapping[str, str], today: dt.date) -> ReportFilter:
    """The filter of this request; ReportFilterError when a part cannot be used."""
    default_start, default_end = this_month(today)
    start = _date(args.get("dari"), default_start, _("Tanggal 'dari'"))
    end = _date(args.get("sampai"), default_end, _("Tanggal 'sampai'"))
    if end < start:
        raise ReportFilterError(_("Tanggal 'sampai' tidak boleh sebelum tanggal 'dari'."))
    if (end - start).days >= LONGEST_DAYS:
        raise ReportFilterError(_("Periode laporan paling panjang satu tahun."))
    regency = is_regency_request()
    kecamatan = (args.get("kecamatan") or "").strip() if regency else ""
    office_code = (args.get("kantor") or "").strip().lower() if regency else ""
    offices = _offices(regency, kecamatan, office_code)
    service_code = (args.get("layanan") or "").strip()
    if service_code and not _service_exists(service_code, [office.id for office in offices]):
        raise ReportFilterError(_("Layanan tidak dikenal: pilih dari daftar."))
    return ReportFilter(
        start=start,
        end=end,
        today=today,
        offices=tuple(offices),
        service_code=service_code,
        kecamatan=kecamatan,
        office_code=office_code,
        regency=regency,
    )


def _date(text: str | None, default: dt.date, name: str) -> dt.date:
    if not text:
        return default
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        day = None
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ReportFilterError(
            _("%(name)s tidak sah: tulis tahun-bulan-tanggal, contoh 2026-11-30.", name=name)
        )
    return day


def _offices(regency: bool, kecamatan: str, office_code: str) -> list[Office]:
    """An office account: its own office. A regency account: every active office in its reach
    (a camat: its kecamatan's), narrowed to one kecamatan and/or one office."""
    if not regency:
        own = staff_office_id() or current_office().id
        return [db.session.get(Office, own)]
    if kecamatan and not KECAMATAN.match(kecamatan):
        raise ReportFilterError(_("Kode kecamatan harus 6 angka."))
    query = select(Office).where(Office.active).order_by(Office.name, Office.id)
    for code in {kecamatan, regency_kecamatan()} - {""}:
        query = query.where(Office.region_code == code)
    if office_code:
        query = query.where(Office.code == office_code)
    offices = list(db.session.scalars(query))
    if not offices:
        raise ReportFilterError(_("Tidak ada kantor dengan kode kantor atau kecamatan itu."))
    return offices


def _service_exists(code: str, office_ids: list[int]) -> bool:
    query = select(Service.id).where(Service.code == code, Service.office_id.in_(office_ids))
    return db.session.scalar(query.limit(1)) is not None


def service_choices(office_ids: list[int]) -> list[tuple[str, str]]:
    """(code, name) of the services of these offices, by name, each code once."""
    query = select(Service).where(Service.office_id.in_(office_ids)).order_by(Service.position)
    seen: dict[str, str] = {}
    for service in db.session.scalars(query):
        seen.setdefault(service.code, service.text("name"))
    return sorted(seen.items(), key=lambda item: item[1])


def kecamatan_choices() -> list[str]:
    """The kecamatan codes of the active offices in this account's reach."""
    query = select(Office.region_code).where(Office.active, Office.region_code != "").distinct()
    if scope := regency_kecamatan():
        query = query.where(Office.region_code == scope)
    return sorted(db.session.scalars(query))


def office_choices() -> list[Office]:
    """The active offices in this account's reach, by name."""
    query = select(Office).where(Office.active).order_by(Office.name)
    if scope := regency_kecamatan():
        query = query.where(Office.region_code == scope)
    return list(db.session.scalars(query))
