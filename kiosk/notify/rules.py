"""Which SMS a file's status change calls for: pure rules over the workflow data.

- perlu_dilengkapi: the file moved to its workflow's `incomplete` status (when that is not
  also the start status, which a file reaches when its papers came in);
- siap_diambil: the new status has `pickup` (where to collect and what to bring);
- selesai: the new status is `final`, asks no reason (`needs_note` marks the closings the
  citizen is told with a reason: returned, not approved, not agreed; those are said at the
  counter or on the status page, not in a one-line SMS) and the file did not just leave a
  pickup status (then the citizen collected it in person). The default wording says
  "selesai diproses", true of any outcome without a reason, so it never promises approval;
- tanggal_bergeser: none of the above, and the due date moved (leaving a paused status).
One change sends at most one message, in that order.
"""

from __future__ import annotations

import datetime as dt

from kiosk.files.workflow import Workflow


def kind_for_change(
    flow: Workflow,
    previous: str,
    target: str,
    previous_due: dt.date | None,
    due: dt.date | None,
) -> str | None:
    """The kind of SMS this move calls for, or None."""
    status = flow.status(target)
    if target == flow.incomplete and target != flow.start:
        return "perlu_dilengkapi"
    if status.pickup:
        return "siap_diambil"
    if status.final:
        done = not status.needs_note and not flow.status(previous).pickup
        return "selesai" if done else None
    if previous_due is not None and due is not None and previous_due != due:
        return "tanggal_bergeser"
    return None
