"""What the report tables share: the period as UTC moments, the services of the filter, the
language of labels, and local days of stored moments."""

from __future__ import annotations

import datetime as dt

from flask_babel import get_locale
from sqlalchemy import select

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import Service
from kiosk.reports.filters import ReportFilter


def lang() -> str:
    """The language of the request (catalogue labels are stored per language)."""
    locale = get_locale()
    return locale.language if locale else "id"


def utc_bounds(report: ReportFilter) -> tuple[dt.datetime, dt.datetime]:
    """The period as [start, end) moments: local midnight of the first day, and of the day
    after the last."""
    zone = clock.office_tz()
    start = dt.datetime.combine(report.start, dt.time(), zone)
    end = dt.datetime.combine(report.end + dt.timedelta(days=1), dt.time(), zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def local_day(moment: dt.datetime) -> dt.date:
    """The office-local date of a stored moment."""
    return clock.local(moment).date()


def services_in(report: ReportFilter) -> dict[int, Service]:
    """The services the tables count, by id: of the offices in scope, narrowed to one code."""
    query = select(Service).where(Service.office_id.in_(report.office_ids))
    if report.service_code:
        query = query.where(Service.code == report.service_code)
    return {service.id: service for service in db.session.scalars(query)}


def chosen_service_ids(report: ReportFilter) -> list[int] | None:
    """The ids of the chosen service code in every office in scope; None: no service chosen."""
    return list(services_in(report)) if report.service_code else None


def service_label(service: Service) -> str:
    """A service as a row label (several offices' services of one code read the same)."""
    return service.text("name", lang())


def percent(part: int, whole: int) -> float | None:
    """part of whole in percent, one decimal; None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None
