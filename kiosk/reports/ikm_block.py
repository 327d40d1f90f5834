"""The IKM of a report's filter, from the ikm package (kiosk.reports.ikm.service)."""

from __future__ import annotations

from kiosk.reports.filters import ReportFilter
from kiosk.reports.ikm.index import IkmSummary
from kiosk.reports.ikm.service import ikm_summary
from kiosk.reports.scope import lang, services_in


def ikm_for(report: ReportFilter) -> IkmSummary:
    """The IKM summary of the filter's offices, period and service.

    ikm_summary takes one service id: with a service chosen over several offices, the service of
    the first office in the filter is the one counted (the page says so)."""
    service_id = None
    if report.service_code:
        services = services_in(report)
        service_id = min(services) if services else None
    return ikm_summary(report.office_ids, report.start, report.end, service_id, lang())
