"""/laporan/ikm: the IKM of a report filter (kiosk.reports.filters: period, service, and for a
regency account kecamatan and office), its per-element table as CSV and XLSX."""

from __future__ import annotations

from flask import g, make_response, render_template, request
from flask_babel import gettext as _

from kiosk import clock
from kiosk.access.service import record_export
from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.reports.downloads import to_csv, to_xlsx
from kiosk.reports.filters import (
    kecamatan_choices,
    office_choices,
    parse_filter,
    service_choices,
)
from kiosk.reports.format import short_date
from kiosk.reports.ikm import bp
from kiosk.reports.ikm.demographics import FIELDS
from kiosk.reports.ikm.service import demographic_counts, ikm_summary
from kiosk.reports.ikm.table import element_table
from kiosk.reports.scope import chosen_service_ids, lang

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/laporan/ikm")
@staff_required(Action.REPORTS_READ)
def ikm_page():
    """Index and grade, respondents against the sample, per element, who answered."""
    report = parse_filter(request.args, clock.today())
    services = chosen_service_ids(report)
    summary = ikm_summary(report.office_ids, report.start, report.end, services, lang())
    return render_template(
        "reports/ikm/page.html",
        report=report,
        summary=summary,
        table=element_table(summary),
        fields=FIELDS,
        counts=demographic_counts(report.office_ids, report.start, report.end, services),
        services=service_choices(report.office_ids),
        kecamatans=kecamatan_choices() if report.regency else [],
        offices=office_choices() if report.regency else [],
    )


@bp.get("/laporan/ikm.<any(csv, xlsx):kind>")
@staff_required(Action.REPORTS_READ)
def ikm_download(kind: str):
    """The per-element table of the same filter, as a file (logged as an export)."""
    report = parse_filter(request.args, clock.today())
    services = chosen_service_ids(report)
    summary = ikm_summary(report.office_ids, report.start, report.end, services, lang())
    table = element_table(summary)
    office_id = None if report.several_offices else report.office_ids[0]
    record_export(g.staff_user, office_id, len(table.rows))
    name = f"ikm-{report.start:%Y%m%d}-{report.end:%Y%m%d}.{kind}"
    if kind == "csv":
        body, mimetype = to_csv(table), "text/csv; charset=utf-8"
    else:
        period = _(
            "Periode %(start)s s.d. %(end)s",
            start=short_date(report.start),
            end=short_date(report.end),
        )
        body, mimetype = to_xlsx([table], period), XLSX
    response = make_response(body)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
