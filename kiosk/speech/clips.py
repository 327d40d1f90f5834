"""Clips of spoken text: keyed by voice and text, recorded on demand, made once with espeak-ng."""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import subprocess
import threading
from pathlib import Path

from flask import current_app, url_for

log = logging.getLogger("satupintu.speech")
VOICES = {"id": "id", "en": "en"}  # the interface's languages espeak-ng speaks
SPEED_WPM = 135  # slower than espeak-ng's 175: older citizens, a noisy room
PITCH = 45
MAX_CHARS = 1200
KEY = re.compile(r"^[0-9a-f]{64}$")
_making = threading.Lock()


class SpeechUnavailable(RuntimeError):
    """espeak-ng or sox is missing, or failed: the screen still shows the text."""


def speech_dir() -> Path:
    """instance/speech: made clips (<key>.ogg), their texts (<key>.txt), recorded/ clips."""
    return Path(current_app.instance_path) / "speech"


def clip_key(text: str, lang: str = "id") -> str:
    """The clip's name: SHA-256 of the voice, the speed and the text as spoken."""
    spoken = " ".join(text.split())[:MAX_CHARS]
    return hashlib.sha256(f"{lang}|{SPEED_WPM}|{PITCH}|{spoken}".encode()).hexdigest()


def speech_url(text: str, lang: str | None = None) -> str:
    """The URL of `text` spoken (recorded so the clip route may make it); "" for no text."""
    from flask_babel import get_locale

    spoken = " ".join(str(text or "").split())[:MAX_CHARS]
    if not spoken:
        return ""
    lang = lang or str(get_locale() or "id")
    key = clip_key(spoken, lang)
    note = speech_dir() / f"{key}.txt"
    if not note.exists():
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(f"{lang}\n{spoken}", encoding="utf-8")
    return url_for("speech.clip", key=key)


def clip_path(key: str) -> Path | None:
    """The clip file of a key this server recorded: a recorded one first, else made now."""
    if not KEY.match(key):
        return None
    folder = speech_dir()
    recorded = folder / "recorded" / f"{key}.ogg"
    if recorded.is_file():
        return recorded
    made = folder / f"{key}.ogg"
    if made.is_file():
        return made
    note = folder / f"{key}.txt"
    if not note.is_file():
        return None
    lang, _, text = note.read_text(encoding="utf-8").partition("\n")
    with _making:
        if not made.is_file():
            make_clip(text, VOICES.get(lang, "id"), made)
    return made


def make_clip(text: str, voice: str, path: Path) -> None:
    """espeak-ng speaks `text`; sox writes it as 16 kHz mono Ogg Vorbis (a few KB a second)."""
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            raise SpeechUnavailable(f"{tool} is missing: apt-get install -y espeak-ng sox")
    try:
        spoken = subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(SPEED_WPM), "-p", str(PITCH), "--stdout"],
            input=text.encode(),
            capture_output=True,
            check=True,
            timeout=30,
        ).stdout
        partial = path.with_suffix(".part.ogg")
        subprocess.run(
            ["sox", "-D", "-R", "-t", "wav", "-", "-r", "16000", "-c", "1", str(partial)],
            input=spoken,
            capture_output=True,
            check=True,
            timeout=30,
        )
        partial.replace(path)
    except (subprocess.SubprocessError, OSError) as error:
        log.warning("speech clip %s not made: %s", path.stem[:12], error)
        raise SpeechUnavailable(str(error)) from error
