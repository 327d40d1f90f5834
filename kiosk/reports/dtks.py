"""The DTKS table: proposals made in the period per dusun, by stage (the file's status)."""

from __future__ import annotations

from collections import Counter, defaultdict

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.files.workflow import newest_workflow
from kiosk.models import CaseFile, DtksProposal, Household
from kiosk.reports.filters import ReportFilter
from kiosk.reports.scope import lang, services_in, utc_bounds
from kiosk.reports.table import Chart, Column, ReportTable
from kiosk.welfare.dtks.service import WORKFLOW


def dtks_by_dusun(report: ReportFilter) -> ReportTable:
    """One row per dusun, a column per stage that holds proposals, and a total row."""
    start, end = utc_bounds(report)
    query = (
        select(Household.dusun, CaseFile.status)
        .select_from(DtksProposal)
        .join(CaseFile, CaseFile.id == DtksProposal.file_id)
        .join(Household, Household.id == DtksProposal.household_id)
        .where(
            DtksProposal.created_at >= start,
            DtksProposal.created_at < end,
            DtksProposal.office_id.in_(report.office_ids),
            CaseFile.service_id.in_(list(services_in(report))),
        )
    )
    by_dusun: dict[str, Counter] = defaultdict(Counter)
    for dusun, status in db.session.execute(query):
        by_dusun[(dusun or "").strip() or _("(tanpa dusun)")][status] += 1
    stages = _stages({status for counts in by_dusun.values() for status in counts})
    rows = [
        [dusun, sum(counts.values()), *(counts[code] for code, _label in stages)]
        for dusun, counts in sorted(by_dusun.items())
    ]
    rows.append([_("Jumlah"), *(sum(row[i] for row in rows) for i in range(1, 2 + len(stages)))])
    return ReportTable(
        key="dtks",
        title=_("Usulan DTKS per dusun"),
        columns=[
            Column("dusun", _("Dusun"), "text"),
            Column("jumlah", _("Usulan")),
            *(Column(code, label) for code, label in stages),
        ],
        rows=rows,
        note=_("Usulan yang dibuat dalam periode ini, menurut tahapnya sekarang."),
        chart=Chart("jumlah"),
        has_total=True,
    )


def _stages(present: set[str]) -> list[tuple[str, str]]:
    """(code, label) of the statuses in `present`, in the workflow's order."""
    flow = newest_workflow(WORKFLOW)
    known = list(flow.statuses.items()) if flow else []
    stages = [(code, s.text("label", lang())) for code, s in known if code in present]
    return stages + [(code, code) for code in sorted(present - {c for c, _s in known})]
