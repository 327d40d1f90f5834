"""/laporan: the report page, its downloads and the monthly A4 report (thin: parse, build,
render)."""

from __future__ import annotations

from types import SimpleNamespace

from flask import abort, g, make_response, render_template, request
from flask_babel import gettext as _

from kiosk import clock
from kiosk.access.service import record_export
from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.reports import bp
from kiosk.reports.downloads import to_csv, to_xlsx
from kiosk.reports.filters import (
    ReportFilter,
    ReportFilterError,
    kecamatan_choices,
    last_month,
    office_choices,
    parse_filter,
    parse_month,
    service_choices,
    this_month,
)
from kiosk.reports.format import short_date
from kiosk.reports.ikm_block import ikm_for
from kiosk.reports.table import ReportTable
from kiosk.reports.tables import HEADLINE_COLUMNS, build, build_all, headline

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALL_TABLES = "semua"


@bp.get("")
@staff_required(Action.REPORTS_READ)
def index():
    """Every table of the filter, with charts, downloads and the monthly report's link."""
    today = clock.today()
    try:
        report = parse_filter(request.args, today)
    except ReportFilterError as refusal:
        fallback = parse_filter({}, today)
        return _page(fallback, error=refusal.message, status=400)
    return _page(report)


def _page(report: ReportFilter, error: str | None = None, status: int = 200):
    tables = [] if error else build_all(report)
    ikm = None if error else ikm_for(report)
    html = render_template(
        "reports/index.html",
        report=report,
        tables=tables,
        headline=None if error else headline(report, _by_key(tables), ikm),
        headline_columns=HEADLINE_COLUMNS,
        ikm=ikm,
        error=error,
        services=service_choices(report.office_ids),
        kecamatans=kecamatan_choices() if report.regency else [],
        offices=office_choices() if report.regency else [],
        periods=_quick_periods(report),
        args=dict(request.args) if error else report.query_args(),
    )
    return make_response(html, status)


def _by_key(tables: list[ReportTable]) -> dict[str, ReportTable]:
    return {table.key: table for table in tables}


def _quick_periods(report: ReportFilter) -> list[tuple[str, dict, bool]]:
    """("bulan ini" / "bulan lalu", its query args, whether it is the period shown)."""
    picks = []
    for label, (start, end) in (
        (_("Bulan ini"), this_month(report.today)),
        (_("Bulan lalu"), last_month(report.today)),
    ):
        args = report.query_args(dari=start.isoformat(), sampai=end.isoformat())
        picks.append((label, args, (start, end) == (report.start, report.end)))
    return picks


@bp.get("/<key>.<any(csv, xlsx):fmt>")
@staff_required(Action.REPORTS_READ)
def download(key: str, fmt: str):
    """One table (or ?semua: every table, XLSX only) with the page's filter; logged as an
    export in the data-access log."""
    report = parse_filter(request.args, clock.today())
    if key == ALL_TABLES and fmt == "xlsx":
        tables = build_all(report)
    else:
        table = build(key, report)
        if table is None:
            abort(404)
        tables = [table]
    record_export(g.staff_user, _logged_office(report), sum(len(t.rows) for t in tables))
    name = f"laporan-{key}-{report.start:%Y%m%d}-{report.end:%Y%m%d}.{fmt}"
    if fmt == "csv":
        body, mimetype = to_csv(tables[0]), "text/csv; charset=utf-8"
    else:
        body, mimetype = to_xlsx(tables, subtitle(report)), XLSX
    response = make_response(body)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _logged_office(report: ReportFilter) -> int | None:
    return None if report.several_offices else report.office_ids[0]


def subtitle(report: ReportFilter) -> str:
    """The office(s) and the period in words, under a downloaded table's title."""
    if report.several_offices:
        where = _("%(count)d kantor", count=len(report.offices))
        if report.kecamatan:
            where += " · " + _("kecamatan %(code)s", code=report.kecamatan)
    else:
        where = report.offices[0].name
    period = _(
        "Periode %(start)s s.d. %(end)s", start=short_date(report.start), end=short_date(report.end)
    )
    return f"{where} · {period}"


@bp.get("/bulanan")
@staff_required(Action.REPORTS_READ)
def monthly():
    """The monthly report on A4 with the office letterhead (?bulan=YYYY-MM, default this
    month), for the camat: headline numbers, every table, the IKM and the signature."""
    today = clock.today()
    start, end = parse_month(request.args.get("bulan"), today)
    args = {**request.args, "dari": start.isoformat(), "sampai": end.isoformat()}
    report = parse_filter(args, today)
    tables = build_all(report)
    ikm = ikm_for(report)
    office = report.offices[0] if not report.several_offices else _kecamatan_head(report)
    return render_template(
        "reports/monthly.html",
        report=report,
        tables=tables,
        headline=headline(report, _by_key(tables), ikm),
        headline_columns=HEADLINE_COLUMNS,
        ikm=ikm,
        office=office,
        signed_on=min(today, end),
        place=place_name(office.name),
        service_name=dict(service_choices(report.office_ids)).get(report.service_code, ""),
        subtitle=subtitle(report),
    )


def _kecamatan_head(report: ReportFilter) -> SimpleNamespace:
    """The letterhead and signature of a report over several offices: the kecamatan's (from the
    first office's letterhead names), signed by the camat."""
    first = report.offices[0]
    district = first.district_name or report.kecamatan
    return SimpleNamespace(
        regency_name=first.regency_name,
        district_name="",
        name=_("Kecamatan %(name)s", name=district) if district else _("Kabupaten"),
        address="",
        phone=None,
        head_title=_("Camat"),
        head_name="",
    )


def place_name(office_name: str) -> str:
    """Where a letter is signed: the village's own name (Kantor Desa Sukamaju → Sukamaju)."""
    words = office_name.split()
    while len(words) > 1 and words[0].lower() in ("kantor", "desa", "kelurahan", "pemerintah"):
        words.pop(0)
    return " ".join(words)
