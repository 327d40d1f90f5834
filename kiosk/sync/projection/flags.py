"""A record's flag codes, shown to the office (conflict, quarantined, nik_exists...)."""

from __future__ import annotations

from kiosk.models import SyncRecord


def add_flag(record: SyncRecord, code: str) -> None:
    if code not in (record.flags or []):
        record.flags = [*(record.flags or []), code]


def drop_flag(record: SyncRecord, code: str) -> None:
    if code in (record.flags or []):
        record.flags = [flag for flag in record.flags if flag != code]
