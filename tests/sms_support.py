"""Helpers for the SMS tests: a file taken in with (or without) SMS consent, moved on."""

from __future__ import annotations

from kiosk.files import service as files

NIK = "3201014107900003"
NAME = "Siti Aminah Rahmawati"
PHONE = "0812-3456-7890"


def take_in(service_code: str = "sktm", consent: bool = True, phone: str | None = PHONE):
    """A file accepted at the desk for a person with a NIK, a name and a phone."""
    return files.accept_file(
        tracking_code=None,
        service_code=service_code,
        applicant={
            "name": NAME,
            "nik": NIK,
            "address": "Dusun Krajan RT 001/002",
            "phone": phone,
            "phone_consent": consent,
        },
        received=["ktp-fotokopi", "kk-fotokopi", "keperluan"],
        missing=[],
    )
