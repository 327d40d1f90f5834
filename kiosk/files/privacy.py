"""What public screens may show of a person: a masked name, never a NIK."""

from __future__ import annotations


def mask_name(name: str | None) -> str:
    """'Siti Wahyuni' → 'S***i W.'; one-letter and empty names stay unrecognisable."""
    words = (name or "").split()
    if not words:
        return ""
    first = words[0]
    head = f"{first[0]}***{first[-1]}" if len(first) > 1 else f"{first}***"
    rest = [f"{word[0]}." for word in words[1:]]
    return " ".join([head.upper()[0] + head[1:], *[r.upper() for r in rest]])


def mask_number(number: str | None) -> str | None:
    """'3201015708450002' → '3201**********02': the area is kept, the birth date hidden."""
    if not number:
        return number
    return number[:4] + "*" * max(len(number) - 6, 0) + number[-2:]
