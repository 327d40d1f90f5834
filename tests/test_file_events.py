"""Files announce what happened to them (kiosk.files.events), inside the change's transaction."""

from __future__ import annotations

import pytest

from kiosk.files import service as files
from kiosk.files.events import file_accepted, file_status_changed


@pytest.mark.data_layer
def test_accepting_and_moving_a_file_are_announced(app):
    seen: list[tuple] = []

    def on_accepted(case, user):
        seen.append(("accepted", case.tracking_code, case.id is not None))

    def on_moved(case, user, previous, target, note, previous_due):
        seen.append(("moved", previous, target, note))

    with (
        app.app_context(),
        file_accepted.connected_to(on_accepted),
        file_status_changed.connected_to(on_moved),
    ):
        case = files.accept_file(
            tracking_code=None,
            service_code="sktm",
            applicant={"name": "Siti Aminah", "nik_absent": "belum_punya", "address": "Krajan"},
            received=["ktp-fotokopi", "kk-fotokopi", "keperluan"],
            missing=[],
        )
        files.change_status(case, "siap_diambil", None, None)
        code = case.tracking_code
    assert seen == [
        ("accepted", code, True),
        ("moved", "diterima", "siap_diambil", None),
    ]
