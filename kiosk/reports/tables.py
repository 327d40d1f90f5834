"""Every table of /laporan by key, in page order: one function each makes one ReportTable."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk.reports.complaints import complaint_counts
from kiosk.reports.dtks import dtks_by_dusun
from kiosk.reports.files import deadlines, files_by_stage, finished_on_time, waiting_for_blanko
from kiosk.reports.filters import ReportFilter
from kiosk.reports.ikm_block import ikm_for
from kiosk.reports.queue import queue_times
from kiosk.reports.table import Chart, Column, ReportTable

TABLES: dict[str, Callable[[ReportFilter], ReportTable]] = {
    "tahap-berkas": files_by_stage,
    "tenggat": deadlines,
    "tepat-waktu": finished_on_time,
    "blanko": waiting_for_blanko,
    "antrean": queue_times,
    "pengaduan": complaint_counts,
    "dtks": dtks_by_dusun,
}
REGENCY_KEY = "kantor"


def table_keys(report: ReportFilter) -> list[str]:
    """The tables of this filter: the per-office table only when several offices are in it."""
    return [REGENCY_KEY, *TABLES] if report.several_offices else list(TABLES)


def build(key: str, report: ReportFilter) -> ReportTable | None:
    """One table by key, None for an unknown key (or the office table of one office)."""
    if key == REGENCY_KEY:
        return per_office(report) if report.several_offices else None
    make = TABLES.get(key)
    return make(report) if make else None


def build_all(report: ReportFilter) -> list[ReportTable]:
    """Every table of the filter, in page order."""
    return [build(key, report) for key in table_keys(report)]


def per_office(report: ReportFilter) -> ReportTable:
    """The headline numbers, one row per office of the filter (a kecamatan's offices)."""
    rows = []
    for office in report.offices:
        one = dataclasses.replace(report, offices=(office,), regency=False)
        rows.append([office.name, *headline(one).values()])
    return ReportTable(
        key=REGENCY_KEY,
        title=_("Per kantor desa"),
        columns=[
            Column("kantor", _("Kantor"), "text"),
            *(Column(key, str(label), kind) for key, (label, kind) in HEADLINE_COLUMNS.items()),
        ],
        rows=rows,
        note=_("Angka utama setiap kantor dalam filter ini."),
        chart=Chart("lewat_batas"),
    )


HEADLINE_COLUMNS = {
    "berkas_terbuka": (_l("Berkas terbuka"), "count"),
    "lewat_batas": (_l("Lewat batas waktu"), "count"),
    "persen_tepat_waktu": (_l("Selesai tepat waktu (%)"), "percent"),
    "nomor_antrean": (_l("Nomor antrean"), "count"),
    "rata_tunggu_menit": (_l("Rata-rata tunggu (menit)"), "minutes"),
    "pengaduan_terbuka": (_l("Pengaduan masih terbuka"), "count"),
    "ikm": (_l("IKM"), "score"),
}


def headline(report: ReportFilter, tables: dict[str, ReportTable] | None = None, ikm=None) -> dict:
    """The headline numbers of a filter, read from the total rows of its tables (those given
    are not made again, nor is the IKM summary when given)."""
    tables = tables or {}

    def total(key: str, column: str):
        table = tables.get(key) or TABLES[key](report)
        tables[key] = table
        return table.values(column)[-1]

    ikm = ikm or ikm_for(report)
    return {
        "berkas_terbuka": total("tenggat", "terbuka"),
        "lewat_batas": total("tenggat", "lewat_batas"),
        "persen_tepat_waktu": total("tepat-waktu", "persen_tepat_waktu"),
        "nomor_antrean": total("antrean", "nomor"),
        "rata_tunggu_menit": total("antrean", "rata_tunggu_menit"),
        "pengaduan_terbuka": total("pengaduan", "masih_terbuka"),
        "ikm": ikm.index,
    }
