"""The welfare desk's DTKS pages: the desk walks a proposal from the form to the objection;
names are masked for a role without full view; the export needs full view; bad input is a
clear 4xx, never a 500."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from dtks_support import household
from sqlalchemy import select
from staff_support import login, seed

from kiosk import clock
from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.models import DtksProposal, Household
from kiosk.welfare.dtks.export import COLUMNS
from kiosk.welfare.dtks.service import propose

KK = "3201010101010001"


@pytest.fixture
def home_id(app):
    seed(app)
    with app.test_request_context():
        home = household(
            "Siti Aminah", kk=KK, nik="3201015705800100", others=(("Budi Santoso", "suami"),)
        )
        db.session.commit()
        return home.id


def _proposal(app) -> DtksProposal:
    with app.app_context():
        return db.session.scalar(select(DtksProposal))


def test_the_desk_walks_a_proposal_through_every_step(app, client, home_id):
    login(client, "petugas1")
    assert client.get("/puskesos/dtks/usul").status_code == 200
    made = client.post("/puskesos/dtks/usul", data={"kk_number": KK, "kind": "baru"})
    assert made.status_code == 302
    url = made.headers["Location"].split("?")[0]
    page = client.get(url)
    assert "data-status-label>Diusulkan<" in page.text and 'data-form="visit"' in page.text
    assert "3201015705800100" in page.text  # full view for the petugas
    day = clock_today(app)
    visit = client.post(
        f"{url}/kunjungan",
        data={"outcome": "ditemui", "criteria": ["k01", "k05"], "visited_on": day},
    )
    assert visit.status_code == 200 and "data-status-label>Sudah dikunjungi" in visit.text
    listed = client.post(f"{url}/daftar")
    assert "data-status-label>Masuk daftar musyawarah desa<" in listed.text
    home = client.get("/puskesos")
    assert re.search(r'data-stage="masuk_daftar_musyawarah">.*?data-count>1<', home.text, re.S)
    agree_at_meeting(app)
    exported = client.post("/puskesos/dtks/ekspor")
    assert "File ekspor dibuat: 2 baris." in exported.text
    export_id = re.search(r'data-export="(\d+)"', exported.text).group(1)
    xlsx = client.get(f"/puskesos/dtks/ekspor/{export_id}.xlsx")
    assert xlsx.headers["Cache-Control"] == "no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    assert [c.value for c in sheet[1]] == list(COLUMNS) and sheet.max_row == 3
    entered = client.post(f"/puskesos/dtks/ekspor/{export_id}/diinput", data={"entered_on": day})
    assert "1 usulan ditandai sudah diinput ke SIKS-NG." in entered.text
    outcome = client.post(
        f"{url}/hasil", data={"outcome": "masuk", "decile": "2", "outcome_on": day}
    )
    assert "data-status-label>Masuk DTSEN<" in outcome.text and "desil 2" in outcome.text
    refused = client.post(f"{url}/sanggahan", data={"note": ""})
    assert refused.status_code == 422 and "Tulis alasannya" in refused.text
    objected = client.post(f"{url}/sanggahan", data={"note": "Desil keliru"})
    assert "data-status-label>Sanggahan dicatat<" in objected.text
    assert 'data-form="list-one"' in objected.text


def _uuid(app) -> str:
    with app.app_context():
        return db.session.scalar(select(Household.uuid))


def clock_today(app) -> str:
    with app.test_request_context():
        return clock.today().isoformat()


def agree_at_meeting(app) -> None:
    """Setup: the village meeting agrees (the meeting feature's service call)."""
    with app.test_request_context():
        case = db.session.scalar(select(DtksProposal)).file
        files.change_status(case, "disepakati_musyawarah", "Disepakati", None, via="meeting")


def test_a_role_without_full_view_sees_masked_names_and_cannot_export(app, client, home_id):
    with app.test_request_context():
        propose(db.session.get(Household, home_id), "baru", None, channel="desk")
    login(client, "kepala")
    home = client.get("/puskesos")
    assert home.status_code == 200
    assert "S***i A." in home.text and "Siti Aminah" not in home.text
    proposal_id = _proposal(app).id
    page = client.get(f"/puskesos/dtks/usulan/{proposal_id}")
    assert "3201015705800100" not in page.text and 'data-form="visit"' not in page.text
    assert client.get("/puskesos/dtks/ekspor/1.csv").status_code == 403


def test_bad_input_is_a_clear_4xx(app, client, home_id):
    login(client, "petugas1")
    unknown = client.post("/puskesos/dtks/usul", data={"kk_number": "999", "kind": "baru"})
    assert unknown.status_code == 422 and "belum tercatat" in unknown.text
    no_reason = client.post("/puskesos/dtks/usul", data={"kk_number": KK, "kind": "penghapusan"})
    assert no_reason.status_code == 422 and "Pilih alasan penghapusan" in no_reason.text
    client.post("/puskesos/dtks/usul", data={"kk_number": KK, "kind": "baru"})
    twice = client.post("/puskesos/dtks/usul", data={"kk_number": KK, "kind": "baru"})
    assert twice.status_code == 409 and "sudah punya usulan" in twice.text
    url = f"/puskesos/dtks/usulan/{_proposal(app).id}"
    for path, data in (
        ("kunjungan", {"outcome": "ditemui", "visited_on": "kemarin"}),
        ("kunjungan", {"outcome": "ditemui", "criteria": ["k99"], "visited_on": "2026-01-01"}),
        ("hasil", {"outcome": "masuk", "decile": "11", "outcome_on": "2026-01-01"}),
        ("diinput", {"entered_on": "2026-01-01"}),
    ):
        answer = client.post(f"{url}/{path}", data=data)
        assert answer.status_code in (409, 422), (path, answer.status_code)
    assert client.get("/puskesos/dtks/usulan/99999").status_code == 404
    assert client.post("/puskesos/dtks/ekspor").status_code == 409


def test_counter_intake_for_a_family_with_a_running_proposal_is_refused_on_the_form(app, client):
    """The second DTKS ticket of one family: the form comes back (409) naming the open proposal,
    with what was typed; nothing is saved."""
    from test_files import APPLICANT

    from kiosk.counter.service import call_next, get_counter
    from kiosk.queue.service import issue_ticket

    ids = seed(app)
    with app.test_request_context():
        first = issue_ticket("dtks").tracking_code
        second = issue_ticket("dtks").tracking_code
        for _ in range(2):
            call_next(get_counter(ids["Loket 4"]), None)
    login(client, "admin")
    taken = client.post(f"/berkas/terima/{first}", data=APPLICANT)
    assert taken.status_code == 302
    spouse = {**APPLICANT, "nik": "", "nik_absent": "lupa", "name": "Slamet Riyadi"}
    refused = client.post(f"/berkas/terima/{second}", data=spouse)  # same KK, same family
    assert refused.status_code == 409
    assert f"sudah punya usulan DTKS yang masih berjalan (kode berkas {first}" in refused.text
    assert 'data-form="intake"' in refused.text and "Slamet Riyadi" in refused.text
    with app.app_context():
        assert db.session.scalar(select(db.func.count(DtksProposal.id))) == 1
