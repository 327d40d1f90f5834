"""Receivers of file events: a `dtks` file taken in at the counter (or in the field) gets
its proposal row. They run inside the file's transaction and never commit."""

from __future__ import annotations

from flask_babel import gettext as _

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import CaseFile, DtksProposal
from kiosk.welfare.dtks.service import WORKFLOW, ProposalExists, open_proposal, proposal_of

KIOSK_TICKETS = ("kiosk", "api")


def channel_of(case: CaseFile) -> str:
    """Which door a file came through: field, kiosk (a ticket taken at the kiosk) or counter."""
    if case.source == "field":
        return "field"
    if case.ticket is not None and case.ticket.source in KIOSK_TICKETS:
        return "kiosk"
    return "counter"


def on_file_accepted(case: CaseFile, user=None, **_extra) -> None:
    """Make the proposal row of a newly accepted `dtks` file (kind "baru"; the desk may
    change it) unless it has one already (propose() makes its own). A family whose proposal is
    still under way gets no second one: the intake is refused (409) and names the open one."""
    if case.workflow != WORKFLOW or case.subject_household_id is None:
        return
    if proposal_of(case) is not None:
        return
    running = open_proposal(case.subject_household_id)
    if running is not None:
        raise ProposalExists(
            _(
                "Keluarga ini sudah punya usulan DTKS yang masih berjalan (kode berkas "
                "%(code)s). Lanjutkan usulan itu; tidak perlu usulan baru.",
                code=running.file.tracking_code,
            )
        )
    db.session.add(
        DtksProposal(
            office_id=case.office_id,
            file_id=case.id,
            household_id=case.subject_household_id,
            kind="baru",
            channel=channel_of(case),
            created_at=clock.now(),
        )
    )
    db.session.flush()
