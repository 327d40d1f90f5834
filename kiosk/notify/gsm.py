"""The GSM 03.38 alphabet (GSM-7): which text fits in one SMS, and its bytes for a modem.

One SMS holds 160 GSM-7 characters; the extension characters ({ } [ ] ~ \\ ^ | €) take two
places each (an escape and the character). Text outside the alphabet would be sent as UCS-2,
70 characters per SMS: a template must stay inside it.
"""

from __future__ import annotations

SMS_LIMIT = 160
# The basic table in code order (0x00-0x7F); 0x1B is the escape to the extension table.
BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENSION = {"\f": 0x0A, "^": 0x14, "{": 0x28, "}": 0x29, "\\": 0x2F, "[": 0x3C, "~": 0x3D,
             "]": 0x3E, "|": 0x40, "€": 0x65}  # fmt: skip
_CODE = {char: code for code, char in enumerate(BASIC) if char != "\x1b"}


def outside_alphabet(text: str) -> list[str]:
    """The characters of `text` that GSM-7 cannot carry, each once, in order."""
    seen: list[str] = []
    for char in text:
        if char not in _CODE and char not in EXTENSION and char not in seen:
            seen.append(char)
    return seen


def length(text: str) -> int:
    """How many of an SMS's 160 places `text` takes (extension characters count two)."""
    return sum(2 if char in EXTENSION else 1 for char in text)


def fits(text: str) -> bool:
    """Whether `text` goes as one GSM-7 SMS."""
    return not outside_alphabet(text) and length(text) <= SMS_LIMIT


def encode(text: str) -> bytes:
    """`text` as GSM-7 codes, one byte each (what a modem in AT+CSCS="GSM" text mode takes).
    Raises ValueError for a character outside the alphabet."""
    out = bytearray()
    for char in text:
        if char in _CODE:
            out.append(_CODE[char])
        elif char in EXTENSION:
            out += bytes((0x1B, EXTENSION[char]))
        else:
            raise ValueError(f"{char!r} is not in the GSM 03.38 alphabet")
    return bytes(out)
