"""The complaints table: received in the period per category, still open, answered, answered
by the complaint's own due date. Counts only: no text, no names."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.complaints.categories import category_label
from kiosk.complaints.states import OPEN_STATES
from kiosk.extensions import db
from kiosk.models import Complaint
from kiosk.reports.filters import ReportFilter
from kiosk.reports.scope import local_day, percent, utc_bounds
from kiosk.reports.table import Chart, Column, ReportTable


def complaint_counts(report: ReportFilter) -> ReportTable:
    """One row per category with complaints in the period, and a total row."""
    start, end = utc_bounds(report)
    query = select(Complaint).where(
        Complaint.created_at >= start,
        Complaint.created_at < end,
        Complaint.office_id.in_(report.office_ids),
    )
    counts: dict[str, list[int]] = {}
    for complaint in db.session.scalars(query):
        row = counts.setdefault(complaint.category, [0, 0, 0, 0])
        row[0] += 1
        row[1] += complaint.state in OPEN_STATES
        if complaint.answered_at is not None:
            row[2] += 1
            row[3] += local_day(complaint.answered_at) <= complaint.due_date
    labels = {code: category_label(code) for code in counts}
    rows = [[labels[code], *counts[code]] for code in sorted(counts, key=labels.get)]
    rows.append([_("Jumlah"), *(sum(row[i] for row in counts.values()) for i in range(4))])
    for row in rows:
        row.append(percent(row[4], row[3]))
    return ReportTable(
        key="pengaduan",
        title=_("Pengaduan"),
        columns=[
            Column("kategori", _("Kategori"), "text"),
            Column("diterima", _("Diterima")),
            Column("masih_terbuka", _("Masih terbuka")),
            Column("dijawab", _("Dijawab")),
            Column("dijawab_tepat_waktu", _("Dijawab tepat waktu")),
            Column("persen_tepat_waktu", _("Tepat waktu (%)"), "percent"),
        ],
        rows=rows,
        note=_(
            "Pengaduan yang masuk dalam periode ini (semua layanan); tepat waktu: dijawab "
            "paling lambat pada batas jawab pengaduan itu."
        ),
        chart=Chart("diterima"),
        has_total=True,
    )
