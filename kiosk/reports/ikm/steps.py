"""The survey between screens: nothing half-done is stored on the server. Each screen posts
the answers so far as hidden fields, with a signed token that says which ticket rates (or
none: anonymous), so a number cannot be swapped on the way."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from kiosk.errors import DomainError
from kiosk.reports.ikm.index import CODES, SCALE
from kiosk.reports.ikm.service import InvalidSurvey

TOKEN_SECONDS = 20 * 60  # far longer than a survey; the idle reset ends one much sooner


class SurveyExpired(DomainError):
    """The survey's token is missing, forged or too old."""

    code = "survey_expired"
    status = 400

    def __init__(self) -> None:
        super().__init__(_("Survei ini sudah berakhir. Silakan mulai lagi dari awal."))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="satupintu-ikm-survey")


def make_token(ticket_id: int | None) -> str:
    return _serializer().dumps({"ticket": ticket_id})


def ticket_of(token: str | None) -> int | None:
    """The ticket id the token was made for (None: anonymous); SurveyExpired if not valid."""
    if not token:
        raise SurveyExpired()
    try:
        data = _serializer().loads(token, max_age=TOKEN_SECONDS)
    except BadSignature:
        raise SurveyExpired() from None
    ticket = data.get("ticket") if isinstance(data, dict) else None
    if ticket is not None and not isinstance(ticket, int):
        raise SurveyExpired()
    return ticket


def answers_so_far(values) -> dict[str, int]:
    """The leading answers u1..uk in `values`; a gap or a value outside 1..4 is InvalidSurvey."""
    answers: dict[str, int] = {}
    ended = False
    for code in CODES:
        raw = (values.get(code) or "").strip()
        if not raw:
            ended = True
            continue
        if ended or raw not in {str(value) for value in SCALE}:
            raise InvalidSurvey({code: _("Pilih salah satu dari empat jawaban.")})
        answers[code] = int(raw)
    return answers
