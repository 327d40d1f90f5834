"""A ReportTable as a CSV file or as an XLSX sheet (openpyxl): the page's table, cell for cell.

CSV: a header row of column keys' labels and the rows (UTF-8 with a BOM, so spreadsheets read
it right). XLSX: a title row with the office and the period, a bold header, numbers as numbers,
dates as dates, columns wide enough to read; "all" makes one sheet per table."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kiosk.reports.table import ReportTable, cell_text

NUMBER_FORMATS = {"days": "0.0", "minutes": "0.0", "percent": "0.0", "score": "0.00"}
DATE_FORMAT = "DD-MM-YYYY"
SHEET_NAME_LENGTH = 31  # Excel's limit
FIRST_DATA_ROW = 4  # title, subtitle, header


def to_csv(table: ReportTable) -> bytes:
    """The table as CSV: the header row of column labels, then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.label for column in table.columns])
    kinds = [column.kind for column in table.columns]
    for row in table.rows:
        writer.writerow([cell_text(value, kind) for value, kind in zip(row, kinds, strict=True)])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(tables: list[ReportTable], subtitle: str) -> bytes:
    """A workbook with one sheet per table."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        _sheet(book, table, subtitle)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(book: Workbook, table: ReportTable, subtitle: str) -> None:
    sheet = book.create_sheet(table.key[:SHEET_NAME_LENGTH])
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([subtitle])
    sheet.append([column.label for column in table.columns])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(list(row))
    if table.has_total and table.rows:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        for (cell,) in sheet.iter_rows(min_row=FIRST_DATA_ROW, min_col=index, max_col=index):
            if column.kind == "date":
                cell.number_format = DATE_FORMAT
            elif column.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[column.kind]
        texts = [column.label, *(cell_text(v, column.kind) for v in table.values(column.key))]
        sheet.column_dimensions[letter].width = min(60, max(10, *(len(t) + 2 for t in texts)))
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
