"""GET /suara/<key>.ogg: a spoken clip of a text a screen of this server showed."""

from __future__ import annotations

from flask import abort, send_file
from flask_babel import gettext as _

from kiosk.errors import DomainError
from kiosk.speech import bp
from kiosk.speech.clips import SpeechUnavailable, clip_path

ONE_YEAR = 365 * 24 * 3600  # a key names one text in one voice: the clip never changes


class NoSpeech(DomainError):
    """The clip cannot be made on this server now (espeak-ng or sox missing or failing)."""

    code = "speech_unavailable"
    status = 503


@bp.get("/suara/<key>.ogg")
def clip(key: str):
    """The clip, made on first request; 404 for a key no screen of this server asked for."""
    try:
        path = clip_path(key)
    except SpeechUnavailable as error:
        raise NoSpeech(_("Suara belum tersedia. Silakan baca teks di layar.")) from error
    if path is None:
        abort(404)
    response = send_file(path, mimetype="audio/ogg", max_age=ONE_YEAR, conditional=True)
    response.cache_control.public = False
    response.cache_control.immutable = True
    return response
