"""The DTKS proposals of an office counted and listed by stage (workflow status)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from kiosk.extensions import db
from kiosk.files.workflow import Workflow, newest_workflow
from kiosk.models import CaseFile, DtksProposal
from kiosk.welfare.dtks.service import WORKFLOW, proposals_in

ROWS_PER_STAGE = 15


@dataclass
class Stage:
    """One status of the DTKS workflow with how many of the office's proposals are in it."""

    code: str
    label: str
    count: int
    final: bool
    proposals: list = field(default_factory=list)


def dtks_workflow() -> Workflow:
    """The newest version of the DTKS workflow."""
    return newest_workflow(WORKFLOW)


def stage_counts(office_id: int | None) -> dict[str, int]:
    """{status: number of proposals} of the office."""
    query = (
        select(CaseFile.status, func.count(DtksProposal.id))
        .join(CaseFile, DtksProposal.file_id == CaseFile.id)
        .group_by(CaseFile.status)
    )
    if office_id is not None:
        query = query.where(DtksProposal.office_id == office_id)
    return dict(db.session.execute(query).all())


def stage_summary(
    office_id: int | None, lang: str = "id", rows: Callable | None = None
) -> list[Stage]:
    """Every status of the workflow in its order, with the office's count; with `rows`
    (proposals → rows), the first ROWS_PER_STAGE proposals of each open stage too."""
    counts = stage_counts(office_id)
    flow = dtks_workflow()
    stages = []
    for code, status in flow.statuses.items():
        stage = Stage(code, status.text("label", lang), counts.get(code, 0), status.final)
        if rows is not None and stage.count and not status.final:
            stage.proposals = rows(proposals_in(office_id, code)[:ROWS_PER_STAGE])
        stages.append(stage)
    return stages
