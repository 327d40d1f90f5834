"""A month picked on a list page ("2026-03"), as the office's local days in UTC bounds."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kiosk import clock

MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class Month:
    """A calendar month in the office's time zone: [start, end) as aware datetimes."""

    first: dt.date
    start: dt.datetime
    end: dt.datetime

    @property
    def code(self) -> str:
        return self.first.strftime("%Y-%m")


def month_of(text: str | None) -> Month | None:
    """The month named by "YYYY-MM" (empty: this month); None when the text is not one."""
    if not text:
        first = clock.today().replace(day=1)
    else:
        match = MONTH.fullmatch(text.strip())
        if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
            return None
        first = dt.date(int(match.group(1)), int(match.group(2)), 1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    zone = clock.office_tz()
    return Month(
        first,
        dt.datetime.combine(first, dt.time(), zone),
        dt.datetime.combine(following, dt.time(), zone),
    )
