"""The file tables: where open files stand and for how long, deadlines, finishing within the
time standard, and files waiting for blanko (blank card stock)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import func, select

from kiosk.extensions import db
from kiosk.files.workflow import newest_workflows
from kiosk.models import CaseFile, FileHistory
from kiosk.reports.filters import ReportFilter
from kiosk.reports.scope import lang, local_day, percent, service_label, services_in, utc_bounds
from kiosk.reports.table import Chart, Column, ReportTable

DUE_SOON_DAYS = 7
# A file returned for correction was not delivered: it does not count as finished.
NOT_FINISHED = frozenset({"dikembalikan"})


def _open_files(report: ReportFilter) -> list[CaseFile]:
    services = services_in(report)
    query = select(CaseFile).where(
        CaseFile.closed.is_(False),
        CaseFile.office_id.in_(report.office_ids),
        CaseFile.service_id.in_(list(services)),
    )
    return list(db.session.scalars(query))


def _statuses(test) -> set[str]:
    """Codes of the newest workflows' statuses for which test(status) holds."""
    return {
        code
        for flow in newest_workflows().values()
        for code, status in flow.statuses.items()
        if test(status)
    }


def _stage_order() -> dict[str, float]:
    """{status label: how far along its workflows it stands, 0..1}. A stage is its label: the
    same words in several workflows (Diterima di kantor desa, Perlu dilengkapi...) are one row;
    rows go from early to late on average over the workflows that have them."""
    places: dict[str, list[float]] = defaultdict(list)
    for flow in newest_workflows().values():
        last = max(1, len(flow.statuses) - 1)
        for position, status in enumerate(flow.statuses.values()):
            places[status.text("label", lang())].append(position / last)
    return {label: statistics.fmean(spots) for label, spots in places.items()}


def _stage_label(case: CaseFile) -> str:
    flow = newest_workflows().get(case.workflow)
    return flow.status(case.status).text("label", lang()) if flow else case.status


def files_by_stage(report: ReportFilter) -> ReportTable:
    """Open files per stage, with how many days they have stood in it (median and longest)."""
    days: dict[str, list[int]] = defaultdict(list)
    for case in _open_files(report):
        days[_stage_label(case)].append((report.today - local_day(case.status_since)).days)
    order = _stage_order()
    rows = []
    for label in sorted(days, key=lambda label: (order.get(label, 1.0), label)):
        spans = days[label]
        rows.append([label, len(spans), _median(spans), max(spans)])
    every = [span for spans in days.values() for span in spans]
    rows.append([_("Jumlah"), len(every), _median(every), max(every, default=None)])
    return ReportTable(
        key="tahap-berkas",
        title=_("Berkas terbuka per tahap"),
        columns=[
            Column("tahap", _("Tahap"), "text"),
            Column("jumlah", _("Jumlah berkas")),
            Column("median_hari", _("Median hari di tahap ini"), "days"),
            Column("terlama_hari", _("Terlama (hari)"), "days"),
        ],
        rows=rows,
        note=_("Keadaan hari ini, semua berkas yang belum selesai (tidak terikat periode)."),
        chart=Chart("jumlah"),
        has_total=True,
    )


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def deadlines(report: ReportFilter) -> ReportTable:
    """Open files per service: past their due date, due within a week, paused."""
    paused = _statuses(lambda status: status.pauses_due)
    ready = _statuses(lambda status: status.pickup)
    soon = report.today + dt.timedelta(days=DUE_SOON_DAYS)
    counts: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for case in _open_files(report):
        row = counts.setdefault(case.service.code, [0, 0, 0, 0])
        labels.setdefault(case.service.code, service_label(case.service))
        row[0] += 1
        if case.status in ready:
            continue  # done on the office's side: waiting for the citizen to collect it
        if case.status in paused:
            row[3] += 1
        elif case.due_date is not None and case.due_date < report.today:
            row[1] += 1
        elif case.due_date is not None and case.due_date <= soon:
            row[2] += 1
    return _per_service(
        ReportTable(
            key="tenggat",
            title=_("Lewat batas waktu dan segera jatuh tempo"),
            columns=[
                Column("layanan", _("Layanan"), "text"),
                Column("terbuka", _("Berkas terbuka")),
                Column("lewat_batas", _("Lewat batas waktu")),
                Column("jatuh_tempo_7_hari", _("Jatuh tempo ≤ 7 hari")),
                Column("ditunda", _("Tenggat ditunda")),
            ],
            note=_(
                "Keadaan hari ini; berkas yang sudah siap diambil tidak dihitung terlambat. "
                "Tenggat ditunda: menunggu kelengkapan dari warga atau blanko."
            ),
            chart=Chart("lewat_batas"),
        ),
        labels,
        counts,
    )


def _per_service(table: ReportTable, labels: dict[str, str], counts: dict[str, list]):
    """Fill `table` with one row per service (by name) and a total row of the counts."""
    for code in sorted(labels, key=labels.get):
        table.rows.append([labels[code], *counts[code]])
    width = len(table.columns) - 1
    totals = [sum(row[i] for row in counts.values()) for i in range(width)]
    table.rows.append([_("Jumlah"), *totals])
    table.has_total = True
    return table


def finished_on_time(report: ReportFilter) -> ReportTable:
    """Files finished in the period per service: within the time standard, late, no standard.

    A file is finished when it first reached a "ready to collect" or a final status (other than
    returned); on time when that local day is not after its due date."""
    finished = _statuses(lambda status: status.pickup or status.final) - NOT_FINISHED
    first = (
        select(FileHistory.file_id, func.min(FileHistory.at).label("at"))
        .where(FileHistory.kind == "status", FileHistory.status.in_(sorted(finished)))
        .group_by(FileHistory.file_id)
        .subquery()
    )
    start, end = utc_bounds(report)
    query = (
        select(CaseFile, first.c.at)
        .join(first, first.c.file_id == CaseFile.id)
        .where(
            first.c.at >= start,
            first.c.at < end,
            CaseFile.office_id.in_(report.office_ids),
            CaseFile.service_id.in_(list(services_in(report))),
        )
    )
    counts: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for case, at in db.session.execute(query):
        row = counts.setdefault(case.service.code, [0, 0, 0, 0])
        labels.setdefault(case.service.code, service_label(case.service))
        row[0] += 1
        if case.due_date is None:
            row[3] += 1
        elif local_day(at) <= case.due_date:
            row[1] += 1
        else:
            row[2] += 1
    table = _per_service(
        ReportTable(
            key="tepat-waktu",
            title=_("Selesai sesuai standar waktu"),
            columns=[
                Column("layanan", _("Layanan"), "text"),
                Column("selesai", _("Selesai")),
                Column("tepat_waktu", _("Tepat waktu")),
                Column("terlambat", _("Terlambat")),
                Column("tanpa_standar", _("Tanpa standar waktu")),
                Column("persen_tepat_waktu", _("Tepat waktu (%)"), "percent"),
            ],
            note=_(
                "Berkas yang siap diambil atau selesai dalam periode ini; tepat waktu bila "
                "tidak melewati tanggal janji selesai."
            ),
            chart=Chart("persen_tepat_waktu", percent=True),
        ),
        labels,
        {code: [*row, 0] for code, row in counts.items()},  # the % column, filled below
    )
    for row in table.rows:
        row[-1] = percent(row[2], row[2] + row[3])
    return table


def waiting_for_blanko(report: ReportFilter) -> ReportTable:
    """Files waiting for blanko per service: how many, since when, the longest wait."""
    blanko = _statuses(lambda status: status.waiting_on == "blanko")
    since: dict[str, list[dt.date]] = defaultdict(list)
    labels: dict[str, str] = {}
    for case in _open_files(report):
        if case.status in blanko:
            since[case.service.code].append(local_day(case.status_since))
            labels.setdefault(case.service.code, service_label(case.service))
    rows = []
    for code in sorted(labels, key=labels.get):
        oldest = min(since[code])
        rows.append([labels[code], len(since[code]), oldest, (report.today - oldest).days])
    every = [day for days in since.values() for day in days]
    oldest = min(every, default=None)
    longest = (report.today - oldest).days if oldest else None
    rows.append([_("Jumlah"), len(every), oldest, longest])
    return ReportTable(
        key="blanko",
        title=_("Menunggu blanko"),
        columns=[
            Column("layanan", _("Layanan"), "text"),
            Column("jumlah", _("Berkas")),
            Column("menunggu_sejak", _("Paling lama sejak"), "date"),
            Column("terlama_hari", _("Terlama (hari)"), "days"),
        ],
        rows=rows,
        note=_("Keadaan hari ini: kartu menunggu blanko (kartu kosong) dari Disdukcapil."),
        chart=Chart("jumlah"),
        has_total=True,
    )
