"""The per-element IKM table as rows, and as CSV or XLSX (openpyxl): the page and the
downloads read the same rows, so they cannot disagree."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kiosk.reports.ikm.index import IkmSummary


def element_columns() -> list[str]:
    return [
        _("Kode"),
        _("Unsur pelayanan"),
        _("Responden"),
        _("NRR"),
        _("NRR tertimbang"),
        _("Mutu"),
    ]


def element_rows(summary: IkmSummary) -> list[list]:
    """One row per element, then the unit's index: NRR to 2 decimals, weighted to 3, as the
    regulation's tables print them."""
    rows: list[list] = [
        [s.code.upper(), s.label, s.respondents, round(s.nrr, 2), round(s.weighted, 3), s.grade]
        for s in summary.elements
    ]
    if summary.index is not None:
        rows.append(
            [
                "IKM",
                _("Indeks unit pelayanan (× 25)"),
                summary.respondents,
                None,
                summary.index,
                f"{summary.grade} ({summary.grade_label})",
            ]
        )
    return rows


def as_csv(columns: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a BOM (Excel opens it with the right letters), comma-separated."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(title: str, columns: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(columns)
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["B"].width = 44
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
