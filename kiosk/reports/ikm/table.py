"""The per-element IKM table as a ReportTable (kiosk.reports.table): the page, the CSV and the
XLSX render this one object, so they cannot disagree."""

from __future__ import annotations

from flask_babel import gettext as _

from kiosk.reports.ikm.index import IkmSummary
from kiosk.reports.table import Column, ReportTable

KEY = "ikm"


def element_table(summary: IkmSummary) -> ReportTable:
    """One row per element (NRR, NRR × 1/9, grade), then the unit's index × 25."""
    rows: list[list] = [
        [s.code.upper(), s.label, s.respondents, round(s.nrr, 2), round(s.weighted, 2), s.grade]
        for s in summary.elements
    ]
    if summary.index is not None:
        rows.append(
            [
                "IKM",
                _("Indeks unit pelayanan (jumlah NRR tertimbang × 25)"),
                summary.respondents,
                None,
                summary.index,
                f"{summary.grade} · {summary.grade_label}",
            ]
        )
    return ReportTable(
        key=KEY,
        title=_("Indeks Kepuasan Masyarakat per unsur"),
        columns=[
            Column("kode", _("Kode"), "text"),
            Column("unsur", _("Unsur pelayanan"), "text"),
            Column("responden", _("Responden"), "count"),
            Column("nrr", _("NRR"), "score"),
            Column("tertimbang", _("NRR tertimbang"), "score"),
            Column("mutu", _("Mutu"), "text"),
        ],
        rows=rows,
        has_total=summary.index is not None,
    )
