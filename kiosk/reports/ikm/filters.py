"""The filter of the IKM page and its downloads, from the query string (the same names as
/laporan: ?dari=YYYY-MM-DD&sampai=YYYY-MM-DD&layanan=<service code>&kantor=<office code>)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import request
from flask_babel import gettext as _

from kiosk import clock
from kiosk.errors import DomainError
from kiosk.models import Office, Service
from kiosk.offices.current import current_office, single_office
from kiosk.offices.service import all_offices, is_regency_request
from kiosk.reports.ikm.service import services_rated

MAX_DAYS = 366


class BadFilter(DomainError):
    code = "invalid_filter"
    status = 400


@dataclass(frozen=True)
class IkmFilter:
    start: dt.date
    end: dt.date
    office_ids: list[int] | None
    offices: list[Office]  # to choose from (a regency account on a server of several offices)
    office_code: str
    services: list[Service]  # to choose from (one office in view)
    service: Service | None

    def query(self) -> dict[str, str]:
        """The query string that gives this filter again (for the download links)."""
        args = {"dari": self.start.isoformat(), "sampai": self.end.isoformat()}
        if self.office_code:
            args["kantor"] = self.office_code
        if self.service is not None:
            args["layanan"] = self.service.code
        return args


def _date(name: str, default: dt.date) -> dt.date:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadFilter(_("Tanggal tidak dikenal. Pakai bentuk TTTT-BB-HH.")) from None


def read_filter() -> IkmFilter:
    """The period (default: this month so far), office and service asked for."""
    today = clock.today()
    start = _date("dari", today.replace(day=1))
    end = _date("sampai", today)
    if end < start:
        raise BadFilter(_("Tanggal akhir tidak boleh sebelum tanggal awal."))
    if (end - start).days >= MAX_DAYS:
        raise BadFilter(_("Periode paling lama satu tahun."))
    office_ids, offices, office_code = _scope()
    services = services_rated(office_ids) if office_ids is not None and len(office_ids) == 1 else []
    wanted = (request.args.get("layanan") or "").strip()
    service = next((s for s in services if s.code == wanted), None)
    if wanted and service is None:
        raise BadFilter(_("Layanan tidak dikenal di kantor ini."))
    return IkmFilter(start, end, office_ids, offices, office_code, services, service)


def _scope() -> tuple[list[int] | None, list[Office], str]:
    """Office staff: their own office. A regency account: one office by ?kantor=, or all."""
    if not is_regency_request() or single_office():
        return [current_office().id], [], ""
    offices = [office for office in all_offices() if office.active]
    wanted = (request.args.get("kantor") or "").strip()
    picked = [office for office in offices if office.code == wanted]
    if wanted and not picked:
        raise BadFilter(_("Kantor tidak dikenal."))
    if picked:
        return [picked[0].id], offices, wanted
    return None, offices, ""
