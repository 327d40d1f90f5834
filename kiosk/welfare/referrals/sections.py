"""What the household page shows of the welfare desk's referrals and suggestions."""

from __future__ import annotations

from flask import Flask

from kiosk.models import Household
from kiosk.welfare.referrals.programs import destination_label, program_label
from kiosk.welfare.referrals.service import is_overdue, referrals_of_household
from kiosk.welfare.referrals.suggestions import kind_label, new_suggestions
from kiosk.welfare.referrals.words import state_label


def household_referral_section(home: Household) -> dict:
    """The household's referrals (newest first) and its suggestions still waiting."""
    return {
        "referrals": referrals_of_household(home),
        "suggestions": new_suggestions(household=home),
    }


def init_referral_sections(app: Flask) -> None:
    """Template helpers: `household_referral_section(home)`, `program_label(code)`,
    `destination_label(code, other)`, `referral_state_label(state)`, `suggestion_kind_label`,
    `referral_overdue(referral)`."""
    app.jinja_env.globals.update(
        household_referral_section=household_referral_section,
        program_label=program_label,
        destination_label=destination_label,
        referral_state_label=state_label,
        suggestion_kind_label=kind_label,
        referral_overdue=is_overdue,
    )
