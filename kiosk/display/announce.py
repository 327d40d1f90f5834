"""The words of a spoken call, and which clips say them.

"Nomor antrian A nol nol tujuh, silakan menuju loket dua": the display's announcer
(static/js/display.js) builds the same clip sequence as `clip_sequence` below; the tests hold
the two to each other and check every clip exists.
"""

from __future__ import annotations

import re

PHRASES = {
    "nomor-antrian": "nomor antrian",
    "silakan-menuju": "silakan menuju",
    "loket": "loket",
}

# Indonesian letter names, as people spell aloud.
LETTER_NAMES = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "a be ce de e ef ge ha i je ka el em en o pe ki er es te u ve we eks ye zet".split(),
        strict=True,
    )
)

DIGIT_WORDS = dict(
    zip(
        "0123456789",
        "nol satu dua tiga empat lima enam tujuh delapan sembilan".split(),
        strict=True,
    )
)

COUNTER_WORDS = {
    1: "satu",
    2: "dua",
    3: "tiga",
    4: "empat",
    5: "lima",
    6: "enam",
    7: "tujuh",
    8: "delapan",
    9: "sembilan",
    10: "sepuluh",
    11: "sebelas",
    12: "dua belas",
    13: "tiga belas",
    14: "empat belas",
    15: "lima belas",
    16: "enam belas",
    17: "tujuh belas",
    18: "delapan belas",
    19: "sembilan belas",
    20: "dua puluh",
}

_TRAILING_NUMBER = re.compile(r"(\d+)\s*$")


def clip_sequence(number: str, counter: str) -> list[str]:
    """The clips (and `tts:` speech parts) announcing ticket `number` at `counter`.

    A counter name ending in 1-20 ("Loket 2") is said as "loket dua" from clips; any other
    name is left to the browser's speech engine as it is written.
    """
    clips = ["chime", "phrase-nomor-antrian"]
    for char in number.upper():
        if char in LETTER_NAMES:
            clips.append(f"letter-{char.lower()}")
        elif char in DIGIT_WORDS:
            clips.append(f"digit-{char}")
    clips.append("phrase-silakan-menuju")
    match = _TRAILING_NUMBER.search(counter)
    if match and int(match.group(1)) in COUNTER_WORDS:
        clips += ["phrase-loket", f"number-{int(match.group(1))}"]
    else:
        clips.append(f"tts:{counter.strip()}")
    return clips


def spoken_number(number: str) -> str:
    """A ticket number as a speech engine should say it in Indonesian: "A-012" → "a nol satu
    dua" (letters by their names, digits one by one, as the display calls them)."""
    words = [LETTER_NAMES.get(char) or DIGIT_WORDS.get(char) for char in number.upper()]
    return " ".join(word for word in words if word)
