"""The public face of a DTKS proposal: the status page and the receipt say plainly that being
listed is not receiving aid (one sentence, from the one presenter); other files do not."""

from __future__ import annotations

from dtks_support import household

import printer
from kiosk.files import service as files
from kiosk.files.receipt import file_receipt
from kiosk.status.presenter import file_status
from kiosk.welfare.dtks.service import propose

NOTICE = (
    "Masuk daftar (DTSEN) tidak sama dengan menerima bantuan; bantuan ditentukan oleh "
    "program masing-masing."
)


def _receipt_text(case) -> str:
    lines = [line.text for line in file_receipt(case).layout(printer.PAPER_80) if line.text]
    return " ".join(" ".join(lines).split())


def test_status_page_and_receipt_say_listing_is_not_aid(ctx, client):
    case = propose(household("Siti Aminah"), "baru", None, channel="desk")
    assert file_status(case)["notice"] == NOTICE
    assert NOTICE in _receipt_text(case)
    page = client.get(f"/s/{case.tracking_code}")
    assert page.status_code == 200 and NOTICE in page.text
    assert "Siti Aminah" not in page.text  # a masked name only
    sktm = files.accept_file(
        tracking_code=None,
        service_code="sktm",
        applicant={"name": "Budi", "nik_absent": "belum_punya", "address": "Krajan"},
        received=["ktp-fotokopi", "kk-fotokopi", "keperluan"],
        missing=[],
    )
    assert file_status(sktm)["notice"] is None and NOTICE not in _receipt_text(sktm)
