"""Staff screens of referrals (/puskesos/rujukan): the list, one referral with its follow-ups
and answer, "Rujuk" from a household, and the suggestions found from files."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiosk.access.service import record_referral_view
from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.errors import DomainError
from kiosk.people.pages import get_household
from kiosk.welfare.referrals import bp, pages
from kiosk.welfare.referrals import service as referrals
from kiosk.welfare.referrals import suggestions as advice
from kiosk.welfare.referrals.forms import (
    AnswerForm,
    FilterForm,
    FollowUpForm,
    ReferralForm,
    SuggestionForm,
)


@bp.get("")
@staff_required(Action.WELFARE_READ)
def list_page():
    """Referrals by program, state, dusun, or only the overdue follow-ups."""
    form = FilterForm(request.args)
    return render_template("welfare/referrals/list.html", **pages.list_context(form))


@bp.get("/<id:referral_id>")
@staff_required(Action.WELFARE_READ)
def detail(referral_id: int):
    """One referral: where it went, its history, the follow-up and answer forms."""
    referral = referrals.get_referral(referral_id)
    record_referral_view(g.staff_user, referral)
    return _detail_page(referral, message=_saved_message(request.args.get("disimpan")))


@bp.post("/<id:referral_id>/tindak-lanjut")
@staff_required(Action.WELFARE_EDIT)
def follow_up(referral_id: int):
    """Log a follow-up: the day, what was heard, the next day to ask."""
    referral = referrals.get_referral(referral_id)
    form = FollowUpForm()
    return _change(
        referral,
        form,
        "follow_up",
        lambda: referrals.log_follow_up(
            referral,
            g.staff_user,
            on_date=form.on_date.data,
            heard=form.heard.data,
            next_on=form.next_on.data,
            expected_version=form.version.data,
        ),
    )


@bp.post("/<id:referral_id>/jawaban")
@staff_required(Action.WELFARE_EDIT)
def answer(referral_id: int):
    """Record the answer that closes the referral."""
    referral = referrals.get_referral(referral_id)
    form = AnswerForm()
    return _change(
        referral,
        form,
        "answer",
        lambda: referrals.answer_referral(
            referral,
            g.staff_user,
            answer=form.answer.data,
            on_date=form.on_date.data,
            note=form.note.data,
            expected_version=form.version.data,
        ),
    )


@bp.route("/keluarga/<public_id>", methods=["GET", "POST"])
@staff_required(Action.WELFARE_EDIT)
def new(public_id: str):
    """ "Rujuk": refer a household, or one of its members, to a program."""
    home = get_household(public_id)
    form = ReferralForm()
    if not form.is_submitted():
        return render_template("welfare/referrals/new.html", **pages.new_context(home, form))
    try:
        if not form.validate():
            raise referrals.InvalidReferral({})
        made = referrals.create_referral(
            home,
            form.program.data,
            g.staff_user,
            person=pages.chosen_member(home, form.person.data),
            sent_to=form.sent_to.data,
            sent_to_other=form.sent_to_other.data,
            sent_on=form.sent_on.data,
            follow_up_on=form.follow_up_on.data,
            note=form.note.data,
            file=pages.linked_file(form.file_code.data),
        )
    except referrals.InvalidReferral as refusal:
        _field_errors(form, refusal.errors)
        context = pages.new_context(home, form, refusal.message)
        return render_template("welfare/referrals/new.html", **context), 422
    return redirect(url_for(".detail", referral_id=made.id, disimpan="baru"))


@bp.get("/usulan")
@staff_required(Action.WELFARE_READ)
def suggestions_page():
    """Suggestions found from files, waiting for "Terima" or "Abaikan"."""
    return render_template("welfare/referrals/suggestions.html", **pages.suggestions_context())


@bp.post("/usulan/<id:suggestion_id>/<any(terima, abaikan):choice>")
@staff_required(Action.WELFARE_EDIT)
def decide(suggestion_id: int, choice: str):
    """Accept a suggestion (a referral or a DTKS removal is made) or dismiss it with a reason."""
    suggestion = advice.get_suggestion(suggestion_id)
    form = SuggestionForm()
    try:
        if not form.validate():
            raise advice.SuggestionChanged(_("Muat ulang halaman lalu coba lagi."))
        if choice == "terima":
            advice.accept_suggestion(suggestion, g.staff_user, form.version.data)
        else:
            advice.dismiss_suggestion(suggestion, g.staff_user, form.reason.data, form.version.data)
    except DomainError as refusal:
        context = pages.suggestions_context(error=refusal.message)
        return render_template("welfare/referrals/suggestions.html", **context), refusal.status
    message = _("Usulan diterima.") if choice == "terima" else _("Usulan diabaikan.")
    return render_template(
        "welfare/referrals/suggestions.html", **pages.suggestions_context(message=message)
    )


def _change(referral, form, name: str, save):
    """Run a change from the referral page; errors show on the page with their status."""
    try:
        if not form.validate():
            raise referrals.InvalidReferral({})
        save()
    except (referrals.InvalidReferral, referrals.ReferralChanged, referrals.ReferralClosed) as no:
        _field_errors(form, getattr(no, "errors", {}))
        status = no.status
        if status == 409:  # a stale page: today's values, fresh forms
            return _detail_page(referral, status, error=no.message)
        return _detail_page(referral, status, error=no.message, **{name: form})
    return redirect(url_for(".detail", referral_id=referral.id, disimpan=name))


def _detail_page(referral, status: int = 200, **extra):
    page = render_template(
        "welfare/referrals/detail.html", **pages.detail_context(referral, **extra)
    )
    return page, status


def _saved_message(kind: str | None) -> str | None:
    return {
        "baru": _("Rujukan dicatat."),
        "follow_up": _("Tindak lanjut dicatat."),
        "answer": _("Jawaban dicatat; rujukan ditutup."),
    }.get(kind or "")


def _field_errors(form, errors: dict[str, str]) -> None:
    """Show the rules' messages next to their fields."""
    for name, message in errors.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, message]
