"""Indonesian mobile numbers: one written form (+628...) for sending, and a masked one to show."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-.()/]")
# +62 8xx: an Indonesian mobile number has 9 to 12 digits after the country code.
_MOBILE = re.compile(r"\+628\d{8,11}")


def normalise_phone(raw: str | None) -> str | None:
    """`raw` as +628..., or None when it is not an Indonesian mobile number (a landline
    cannot receive an SMS)."""
    text = _SEPARATORS.sub("", raw or "")
    if text.startswith("08"):
        text = "+62" + text[1:]
    elif text.startswith("628"):
        text = "+" + text
    elif text.startswith("8"):
        text = "+62" + text
    return text if _MOBILE.fullmatch(text) else None


def mask_phone(phone: str | None) -> str:
    """Only the last four digits: "•••• 7890"."""
    digits = re.sub(r"\D", "", phone or "")
    return f"•••• {digits[-4:]}" if len(digits) >= 4 else "••••"
