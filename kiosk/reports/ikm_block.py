"""The IKM block of /laporan, read from the ikm package when it is installed (kiosk.reports.ikm:
another helper's package; until it is merged the block says it is not available)."""

from __future__ import annotations

from kiosk.reports.filters import ReportFilter


def ikm_for(report: ReportFilter):
    """The IkmSummary of the filter, or None when the IKM survey is not part of this build."""
    try:
        from kiosk.reports.ikm.service import ikm_summary
    except ImportError:
        return None
    return ikm_summary(
        None
        if report.regency and not report.office_code and not report.kecamatan
        else report.office_ids,
        report.start,
        report.end,
        _service_id(report),
    )


def _service_id(report: ReportFilter) -> int | None:
    """The service id of the filter in the first office (ikm_summary takes one id)."""
    if not report.service_code:
        return None
    from kiosk.reports.scope import services_in

    services = services_in(report)
    return min(services) if services else None
