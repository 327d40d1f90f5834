"""The DTKS pages under /puskesos/dtks."""

from __future__ import annotations

from kiosk.welfare.dtks import bp  # noqa: F401
