"""Spoken kiosk screens: "Dengarkan" plays a clip the server made offline with espeak-ng.

Screens ask for a clip with `speech_url(text)`: the text is recorded under its key (the SHA-256 of
voice and text) and the page gets `/suara/<key>.ogg`, never the text. The clip is made on the
first request (or ahead of time by `satupintu speech build` for the catalogue) and kept in the
instance folder. A recorded clip for a regional language is added as data: a file named by the
key in `instance/speech/recorded/`.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("speech", __name__)


def register_speech(app: Flask) -> None:
    """The clip route and the `speech_url` template helper."""
    from kiosk.display.announce import spoken_number
    from kiosk.speech import views  # noqa: F401  (routes)
    from kiosk.speech.clips import speech_url

    app.register_blueprint(bp)
    app.jinja_env.globals["speech_url"] = speech_url
    app.jinja_env.filters["spoken_number"] = spoken_number
