"""The referrals block of the welfare desk home (/puskesos): open referrals per program, the
overdue follow-ups, and new suggestions."""

from __future__ import annotations

from kiosk.welfare.referrals.service import open_counts, overdue_referrals
from kiosk.welfare.referrals.suggestions import new_suggestions

HOME_ROWS = 10


def referrals_home(office_id: int | None) -> dict:
    """The data `welfare/referrals/_home.html` reads."""
    overdue = overdue_referrals(office_id)
    suggestions = new_suggestions(office_id)
    return {
        "referral_counts": open_counts(office_id),
        "overdue_referrals": overdue[:HOME_ROWS],
        "overdue_total": len(overdue),
        "new_suggestions": suggestions[:HOME_ROWS],
        "suggestions_total": len(suggestions),
    }


def init_home_block() -> None:
    """Give the desk home its referrals block (once the welfare desk home exists)."""
    try:
        from kiosk.welfare.home_blocks import register
    except ImportError:  # the welfare desk home arrives with the DTKS desk
        return
    register("referrals", referrals_home)
