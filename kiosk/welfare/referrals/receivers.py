"""What the referrals desk does when a file is accepted (kiosk.files.events): never commits."""

from __future__ import annotations

from kiosk.models import CaseFile, User
from kiosk.welfare.referrals.suggestions import suggest_from_file


def on_file_accepted(case: CaseFile, user: User | None = None, **_extra) -> None:
    """Add the welfare desk's suggestions for a newly accepted file to its transaction."""
    suggest_from_file(case)
