"""What the household page shows of the welfare desk's referrals and suggestions."""

from __future__ import annotations

from flask import Flask

from kiosk.models import Household, WelfareSuggestion
from kiosk.people.service import head_of
from kiosk.welfare.referrals.forms import SuggestionForm
from kiosk.welfare.referrals.programs import destination_label, program_label
from kiosk.welfare.referrals.service import is_overdue, referrals_of_household
from kiosk.welfare.referrals.suggestions import STATE_LABELS, kind_label, new_suggestions
from kiosk.welfare.referrals.words import state_label, step_label


def suggestion_form(suggestion: WelfareSuggestion) -> SuggestionForm:
    """The form behind a suggestion's two buttons, carrying the version shown."""
    return SuggestionForm(formdata=None, version=suggestion.version)


def suggestion_state_label(state: str) -> str:
    """A suggestion's state in words."""
    return str(STATE_LABELS.get(state, state))


def household_referral_section(home: Household) -> dict:
    """The household's referrals (newest first) and its suggestions still waiting."""
    return {
        "referrals": referrals_of_household(home),
        "suggestions": new_suggestions(household=home),
    }


def init_referral_sections(app: Flask) -> None:
    """Template helpers: `household_referral_section(home)`, `program_label(code)`,
    `destination_label(code, other)`, `referral_state_label(state)`, `suggestion_kind_label`,
    `referral_overdue(referral)`, `referral_step_label`, `head_of(home)`, `suggestion_form(s)`,
    `suggestion_state_label(state)`."""
    app.jinja_env.globals.update(
        head_of=head_of,
        suggestion_form=suggestion_form,
        suggestion_state_label=suggestion_state_label,
        referral_step_label=step_label,
        household_referral_section=household_referral_section,
        program_label=program_label,
        destination_label=destination_label,
        referral_state_label=state_label,
        suggestion_kind_label=kind_label,
        referral_overdue=is_overdue,
    )
