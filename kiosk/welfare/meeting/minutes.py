"""The minutes (berita acara) of a meeting: number, title, the sentences Indonesian minutes
have, attendance and decisions. The document is Indonesian whatever the screen's language."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk import clock
from kiosk.models import VillageMeeting
from kiosk.welfare.meeting import words
from kiosk.welfare.meeting.rows import ListRow, meeting_rows

TITLES = {
    "musdes": "MUSYAWARAH DESA",
    "muskel": "MUSYAWARAH KELURAHAN",
    "musdus": "MUSYAWARAH DUSUN",
}
CODES = {"musdes": "MUSDES", "muskel": "MUSKEL", "musdus": "MUSDUS"}


@dataclass(frozen=True)
class Minutes:
    """What the minutes page prints."""

    draft: bool
    number: str
    title: str
    opening: str
    present: int
    invited: int
    agreed: list[ListRow]
    not_agreed: list[ListRow]
    undecided: int
    signed_on: str
    village: str
    head_title: str


def village_name(office_name: str) -> str:
    """'Kantor Desa Sukamaju' → 'Sukamaju' (the meeting is the village's, not the office's)."""
    name = " ".join(office_name.split())
    for prefix in ("kantor desa", "kantor kelurahan", "kantor", "desa", "kelurahan"):
        if name.lower().startswith(prefix + " ") or name.lower() == prefix:
            return name[len(prefix) :].strip()
    return name


def minutes_number(meeting: VillageMeeting) -> str:
    """'003/BA-MUSDES/XII/2026'; dots for a draft (the number comes when the meeting closes)."""
    if meeting.minutes_number is None:
        return "…/BA-" + CODES[meeting.kind] + "/…/…"
    month = words.ROMAN_MONTHS[clock.local(meeting.held_at).month - 1]
    return f"{meeting.minutes_number:03d}/BA-{CODES[meeting.kind]}/{month}/{meeting.minutes_year}"


def area_words(meeting: VillageMeeting) -> str:
    """The area the meeting covers, in words."""
    if not meeting.dusun:
        return "seluruh wilayah"
    return f"Dusun {meeting.dusun}" + (f" RT {meeting.rt}" if meeting.rt else "")


def opening_sentence(meeting: VillageMeeting, office_name: str) -> str:
    """'Pada hari ini Kamis tanggal tiga bulan Desember tahun dua ribu dua puluh enam, ...'."""
    local = clock.local(meeting.held_at)
    return (
        f"Pada hari ini {words.day_name(local.date())} {words.date_words(local.date())}, "
        f"pukul {words.clock_time(local)} bertempat di {meeting.place}, telah dilaksanakan "
        f"{_meeting_name(meeting, office_name)} untuk {area_words(meeting)} dengan acara "
        "pembahasan dan penetapan usulan Data Terpadu Kesejahteraan Sosial (DTKS/DTSEN) "
        "hasil verifikasi dan validasi rumah tangga, yang dihadiri oleh peserta sebagaimana "
        "daftar hadir terlampir."
    )


def _meeting_name(meeting: VillageMeeting, office_name: str) -> str:
    return " ".join([TITLES[meeting.kind].title(), village_name(office_name)]).strip()


def minutes_of(meeting: VillageMeeting, office_name: str) -> Minutes:
    """The minutes of `meeting` as they stand (a draft until the meeting is closed)."""
    rows = meeting_rows(meeting)
    decided = [row for row in rows if row.item.decision]
    local = clock.local(meeting.held_at)
    return Minutes(
        draft=meeting.state != "closed",
        number=minutes_number(meeting),
        title=f"BERITA ACARA {_meeting_name(meeting, office_name).upper()}",
        opening=opening_sentence(meeting, office_name),
        present=sum(1 for person in meeting.attendees if person.present),
        invited=len(meeting.attendees),
        agreed=[row for row in decided if row.item.decision == "setuju"],
        not_agreed=[row for row in decided if row.item.decision == "tidak_setuju"],
        undecided=len(rows) - len(decided),
        signed_on=words.date_long(local.date()),
        village=village_name(office_name) or office_name,
        head_title=" ".join(
            ["Lurah" if meeting.kind == "muskel" else "Kepala Desa", village_name(office_name)]
        ).strip(),
    )
