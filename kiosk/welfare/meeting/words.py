"""Numbers and dates in Indonesian words, as minutes (berita acara) write them."""

from __future__ import annotations

import datetime as dt

UNITS = "nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas".split()
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
).split()
ROMAN_MONTHS = "I II III IV V VI VII VIII IX X XI XII".split()
# Indonesia's three time zones as documents name them.
ZONES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def number_words(n: int) -> str:
    """12 → 'dua belas', 2026 → 'dua ribu dua puluh enam' (0 ≤ n < 1 000 000)."""
    if n < 12:
        return UNITS[n]
    if n < 20:
        return f"{UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return _join(f"{UNITS[tens]} puluh", rest)
    if n < 200:
        return _join("seratus", n - 100)
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return _join(f"{UNITS[hundreds]} ratus", rest)
    if n < 2000:
        return _join("seribu", n - 1000)
    thousands, rest = divmod(n, 1000)
    return _join(f"{number_words(thousands)} ribu", rest)


def _join(head: str, rest: int) -> str:
    return f"{head} {number_words(rest)}" if rest else head


def day_name(day: dt.date) -> str:
    """The weekday's Indonesian name."""
    return DAYS[day.weekday()]


def month_name(month: int) -> str:
    """1 → 'Januari'."""
    return MONTHS[month - 1]


def date_words(day: dt.date) -> str:
    """'tanggal tiga bulan Desember tahun dua ribu dua puluh enam'."""
    return (
        f"tanggal {number_words(day.day)} bulan {month_name(day.month)} "
        f"tahun {number_words(day.year)}"
    )


def date_long(day: dt.date) -> str:
    """'3 Desember 2026'."""
    return f"{day.day} {month_name(day.month)} {day.year}"


def clock_time(moment: dt.datetime) -> str:
    """'09.00 WIB' for an aware local moment (no zone word outside Indonesia's three)."""
    zone = ZONES.get(getattr(moment.tzinfo, "key", ""), "")
    return f"{moment:%H.%M} {zone}".strip()
