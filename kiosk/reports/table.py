"""ReportTable: the one object a report section is made of. The page, the CSV, the XLSX and the
monthly A4 page all render the same object, so they cannot disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# How a column's values read: counts, days, percentages, minutes, dates, an index score (two
# decimals, like the IKM) or plain text.
KINDS = ("text", "count", "days", "percent", "minutes", "date", "score")


@dataclass(frozen=True)
class Column:
    """One column: a stable key (CSV header), its label in words, and what its values are."""

    key: str
    label: str
    kind: str = "count"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class Chart:
    """Horizontal bars of one numeric column against the table's first (label) column."""

    value: str  # the column key the bars show
    percent: bool = False  # bars out of 100 rather than out of the largest value


@dataclass
class ReportTable:
    """A titled table: columns and rows of plain values (int, float, date, str or None)."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    chart: Chart | None = None
    # The last row sums the others (shown bold, left out of the chart).
    has_total: bool = False

    def column(self, key: str) -> Column:
        """A column by key."""
        return next(column for column in self.columns if column.key == key)

    def values(self, key: str) -> list:
        """The values of one column, in row order."""
        index = [column.key for column in self.columns].index(key)
        return [row[index] for row in self.rows]

    def as_dicts(self) -> list[dict]:
        """The rows as {column key: value}."""
        keys = [column.key for column in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]

    def chart_bars(self) -> list[tuple[str, float, float]]:
        """(label, value, share of the longest bar 0..1) of the chart's bars; the total row
        and empty values left out. Percentages are out of 100, others out of the largest."""
        if self.chart is None:
            return []
        rows = self.rows[:-1] if self.has_total else self.rows
        index = [column.key for column in self.columns].index(self.chart.value)
        bars = [(str(row[0]), float(row[index])) for row in rows if row[index] is not None]
        top = 100.0 if self.chart.percent else max((value for _l, value in bars), default=0.0)
        return [(label, value, value / top if top else 0.0) for label, value in bars]


def cell_text(value, kind: str) -> str:
    """A value as the page and the CSV write it: dates ISO, empty for none, one decimal."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}" if kind == "score" else f"{value:.1f}"
    return str(value)
