"""/laporan/ikm: the IKM of a period for the kepala desa (and a regency account), with its
per-element table as CSV and XLSX."""

from __future__ import annotations

from flask import Response, render_template
from flask_babel import get_locale

from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.reports.ikm import bp
from kiosk.reports.ikm.demographics import FIELDS
from kiosk.reports.ikm.export import as_csv, as_xlsx, element_columns, element_rows
from kiosk.reports.ikm.filters import read_filter
from kiosk.reports.ikm.service import demographic_counts, ikm_summary

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _summary(chosen):
    service_id = chosen.service.id if chosen.service is not None else None
    lang = str(get_locale() or "id")
    return ikm_summary(chosen.office_ids, chosen.start, chosen.end, service_id, lang), service_id


@bp.get("/laporan/ikm")
@staff_required(Action.REPORTS_READ)
def ikm_page():
    """Index and grade, respondents against the sample, per element, who answered."""
    chosen = read_filter()
    summary, service_id = _summary(chosen)
    counts = demographic_counts(chosen.office_ids, chosen.start, chosen.end, service_id)
    return render_template(
        "reports/ikm/page.html",
        chosen=chosen,
        summary=summary,
        columns=element_columns(),
        rows=element_rows(summary),
        fields=FIELDS,
        counts=counts,
    )


@bp.get("/laporan/ikm.<any(csv, xlsx):kind>")
@staff_required(Action.REPORTS_READ)
def ikm_download(kind: str):
    """The per-element table of the same filter, as a file."""
    chosen = read_filter()
    summary, _service_id = _summary(chosen)
    name = f"ikm-{chosen.start.isoformat()}-{chosen.end.isoformat()}.{kind}"
    columns, rows = element_columns(), element_rows(summary)
    if kind == "csv":
        body, mimetype = as_csv(columns, rows), "text/csv; charset=utf-8"
    else:
        body, mimetype = as_xlsx("IKM", columns, rows), XLSX
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
