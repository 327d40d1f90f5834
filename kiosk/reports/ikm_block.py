"""The IKM of a report's filter, from the ikm package (kiosk.reports.ikm.service)."""

from __future__ import annotations

from kiosk.reports.filters import ReportFilter
from kiosk.reports.ikm.index import IkmSummary
from kiosk.reports.ikm.service import ikm_summary
from kiosk.reports.scope import chosen_service_ids, lang


def ikm_for(report: ReportFilter) -> IkmSummary:
    """The IKM summary of the filter's offices, period and service (that code in each office)."""
    services = chosen_service_ids(report)
    return ikm_summary(report.office_ids, report.start, report.end, services, lang())
