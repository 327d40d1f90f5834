"""The kiosk survey: start (a ticket just finished, a receipt code, or anonymous) → 9 questions,
one per screen, four faces each → optional respondent questions → thank you. Only a paired
kiosk asks: a phone cannot fill the box."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import get_locale

from kiosk.devices.kiosk import current_kiosk
from kiosk.extensions import db
from kiosk.htmx import render
from kiosk.models import Ticket
from kiosk.offices.current import current_office
from kiosk.queue.typed_code import code_problem
from kiosk.reports.ikm import bp
from kiosk.reports.ikm import service as ikm
from kiosk.reports.ikm.demographics import FIELDS
from kiosk.reports.ikm.index import CODES, ELEMENTS
from kiosk.reports.ikm.steps import answers_so_far, make_token, ticket_of
from kiosk.tracking import ALPHABET, CODE_LENGTH, normalise

FACES = ("face-1", "face-2", "face-3", "face-4")  # our own drawings, Tabler style


@bp.before_request
def _kiosk_screens_only():
    """The survey screens (not the staff page) answer a paired kiosk only."""
    if request.endpoint == "ikm.survey_offer":
        return None
    if request.path.startswith("/survei") and current_kiosk() is None:
        return render("devices/kiosk_only.html", "devices/_kiosk_only.html", status=403)
    return None


@bp.get("/survei")
def survey_start():
    """How to start: tap your number, scan or type the receipt code, or rate without one."""
    return _start_screen()


def _start_screen(problem=None, status: int = 200):
    return render(
        "survey/start.html",
        "survey/_start.html",
        status=status,
        offered=ikm.offered_tickets(current_office().id),
        digits=[symbol for symbol in ALPHABET if symbol.isdigit()],
        letters=[symbol for symbol in ALPHABET if not symbol.isdigit()],
        length=CODE_LENGTH,
        problem=problem,
    )


def offer_for_this_screen() -> list | None:
    """For the home template: the tickets to offer on a paired kiosk; None on any other screen
    (a phone allowed to take numbers shows no survey)."""
    if current_kiosk() is None:
        return None
    return ikm.offered_tickets(current_office().id)


@bp.get("/survei/tawaran")
def survey_offer():
    """The home screen's "Nilai layanan kami" block, polled: numbers just finished, not rated.
    Not a kiosk: nothing (204, htmx swaps nothing)."""
    offered = offer_for_this_screen()
    if offered is None:
        return "", 204
    return render_template("survey/_offer.html", offered=offered)


@bp.get("/survei/nomor/<id:ticket_id>")
def survey_for_ticket(ticket_id: int):
    """A number tapped on the offer."""
    ticket = ikm.rateable_ticket(ticket_id, current_office().id)
    return _question(make_token(ticket.id), {}, ticket_label=ticket.label)


@bp.get("/survei/kode")
def survey_by_code():
    """A receipt code from the scanner, the camera or the keypad (?kode=, as Cek Status)."""
    typed = (request.args.get("kode") or "").strip()[:80]
    code = normalise(typed)
    if code is None:
        if not typed:
            return _start_screen()
        return _start_screen(code_problem(typed), status=422)
    ticket = ikm.ticket_by_code(code, current_office().id)
    return _question(make_token(ticket.id), {}, ticket_label=ticket.label)


@bp.get("/survei/tanpa-nomor")
def survey_anonymous():
    """Rate without a number."""
    return _question(make_token(None), {})


@bp.post("/survei/jawab")
def survey_answer():
    """One tap: the answers so far ride along; the next question, or the last step."""
    token = request.form.get("token")
    ticket_id = ticket_of(token)
    answers = answers_so_far(request.form)
    if request.form.get("kembali") and answers:
        answers.pop(list(answers)[-1])
    label = _label(ticket_id)
    if len(answers) == len(CODES):
        return render(
            "survey/about.html",
            "survey/_about.html",
            token=token,
            answers=answers,
            fields=FIELDS,
            ticket_label=label,
        )
    return _question(token, answers, ticket_label=label)


@bp.post("/survei/simpan")
def survey_save():
    """Save the whole survey once; thank you."""
    ticket_id = ticket_of(request.form.get("token"))
    answers = ikm.parse_answers(request.form)
    about = {} if request.form.get("lewati") else ikm.parse_demographics(request.form)
    office_id = current_office().id
    ticket = ikm.rateable_ticket(ticket_id, office_id) if ticket_id is not None else None
    ikm.record_survey(answers, office_id=office_id, ticket=ticket, demographics=about)
    db.session.commit()
    return render("survey/thanks.html", "survey/_thanks.html")


def _label(ticket_id: int | None) -> str | None:
    """The number shown beside the progress (the ticket's own label, never a name)."""
    ticket = db.session.get(Ticket, ticket_id) if ticket_id is not None else None
    return ticket.label if ticket is not None else None


def _question(token: str, answers: dict[str, int], ticket_label: str | None = None):
    element = ELEMENTS[len(answers)]
    lang = str(get_locale() or "id")
    words = element.answers.get(lang) or element.answers["id"]
    return render(
        "survey/question.html",
        "survey/_question.html",
        token=token,
        answers=answers,
        element=element,
        number=len(answers) + 1,
        total=len(ELEMENTS),
        question=element.question.get(lang) or element.question["id"],
        choices=list(zip((1, 2, 3, 4), words, FACES, strict=True)),
        ticket_label=ticket_label,
    )
