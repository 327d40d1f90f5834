"""What the referral screens show: the list with its filters, one referral, the new-referral
form of a household, the suggestions page (no `request` inside: the views pass what came)."""

from __future__ import annotations

from flask_babel import gettext as _

from kiosk.files.service import find_file
from kiosk.models import CaseFile, Household, Person, Referral
from kiosk.offices.service import visible_to_staff
from kiosk.people.service import head_of
from kiosk.welfare.referrals import service as referrals
from kiosk.welfare.referrals import suggestions
from kiosk.welfare.referrals.forms import (
    AnswerForm,
    FilterForm,
    FollowUpForm,
    ReferralForm,
    options,
)
from kiosk.welfare.referrals.programs import find_program, program_choices


def list_context(form: FilterForm) -> dict:
    """The referral list for the filters chosen."""
    form.program.choices = options([("", _("Semua program")), *program_choices()])
    dusun = [(d, d) for d in referrals.dusun_choices()]
    form.dusun.choices = options([("", _("Semua dusun")), *dusun])
    rows = referrals.list_referrals(
        program=form.program.data or None,
        state=form.state.data or None,
        dusun=form.dusun.data or None,
        overdue=form.terlambat.data == "1",
    )
    return {"form": form, "rows": rows}


def detail_context(referral: Referral, **forms) -> dict:
    """One referral: its facts, its history and (while open) the follow-up and answer forms."""
    follow_up = forms.get("follow_up") or FollowUpForm(formdata=None, version=referral.version)
    answer = forms.get("answer") or AnswerForm(formdata=None, version=referral.version)
    return {
        "referral": referral,
        "program": find_program(referral.program),
        "head": head_of(referral.household),
        "overdue": referrals.is_overdue(referral),
        "follow_up_form": follow_up,
        "answer_form": answer,
        "error": forms.get("error"),
        "message": forms.get("message"),
    }


def member_choices(home: Household) -> list[tuple[str, str]]:
    """(uuid, name) of the household's members."""
    return [(m.uuid, m.name) for m in home.members]


def new_context(home: Household, form: ReferralForm, error: str | None = None) -> dict:
    """The new-referral form of a household."""
    form.fill_choices(member_choices(home))
    return {"home": home, "head": head_of(home), "form": form, "error": error}


def chosen_member(home: Household, public_id: str | None) -> Person | None:
    """The member picked on the form (None: the whole household)."""
    return next((m for m in home.members if public_id and m.uuid == public_id), None)


def linked_file(code: str | None) -> CaseFile | None:
    """The file a referral points at, by its tracking code (None if blank); unknown → error."""
    if not (code or "").strip():
        return None
    case = find_file(code)
    if case is None or not visible_to_staff(case):
        raise referrals.InvalidReferral({"file_code": _("Kode berkas tidak ditemukan.")})
    return case


def suggestions_context(error: str | None = None, message: str | None = None) -> dict:
    """New suggestions with their buttons, and the latest handled ones."""
    return {
        "waiting": suggestions.new_suggestions(),
        "handled": suggestions.resolved_suggestions(),
        "error": error,
        "message": message,
    }
