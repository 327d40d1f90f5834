"""Open files follow their service into a workflow split off from an older one.

A workflow in workflows.yaml may say `moved_from: <code>` (KTP-el and KIA left `adminduk` for
`adminduk_kartu`). At the catalogue load, an open file of one of its services that still
follows the old workflow moves over when its current status exists in the new one; otherwise
it stays on its version and moves on from there (kiosk.files.workflow explains which version a
file reads). Only the workflow a file follows changes: its status and history stay as they are.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update

from kiosk.extensions import db
from kiosk.files.workflow import DATA, newest_workflows, read_workflows
from kiosk.models import CaseFile, Service


def follow_moved_services(path: Path = DATA) -> int:
    """Move open files of moved services onto their new workflow; returns how many moved."""
    moved = 0
    flows = newest_workflows()
    for code, body in read_workflows(path).items():
        source, target = body.get("moved_from"), flows.get(code)
        if not source or target is None:
            continue
        service_ids = select(Service.id).where(Service.code.in_(target.services))
        table = CaseFile.__table__
        result = db.session.execute(
            update(table)
            .where(
                table.c.workflow == source,
                table.c.closed.is_(False),
                table.c.status.in_(list(target.statuses)),
                table.c.service_id.in_(service_ids),
            )
            .values(workflow=target.code, workflow_id=target.id, version=table.c.version + 1)
        )
        moved += result.rowcount or 0
    db.session.commit()
    return moved
