"""The DTKS cycle at the welfare desk, in Chromium against a live server (one demo office).

(a) A family takes a DTKS number at the kiosk, the counter takes the file in, the desk records
the verification visit and lists it for the village meeting; the kiosk's status page says
that being listed is not receiving aid. (b) From a proposal agreed at a meeting (set up with
the meeting's own service call): export for SIKS-NG, download the XLSX and read it back,
mark it entered, record the outcome, and an objection reopens it."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import openpyxl
import pytest
from browser_support import PORTRAIT, LiveServer, log_in, shoot
from playwright.sync_api import expect

from kiosk.welfare.dtks.export import COLUMNS

DESK = {"width": 1366, "height": 768}
NIK = "3201015708800003"
NAME = "Sri Wahyuningsih"
NOTICE = "Masuk daftar (DTSEN) tidak sama dengan menerima bantuan"
DTKS_COUNTER = 4  # demo Loket 4 calls kis, kis-tukar, kis-keluhan, dtks


@pytest.fixture(scope="module")
def welfare_server(tmp_path_factory):
    """A demo office: counters, staff, and households in every DTKS stage."""
    server = LiveServer(tmp_path_factory.mktemp("welfare"), demo=True).start()
    yield server
    server.stop()


@pytest.fixture()
def desk(browser, welfare_server):
    context = browser.new_context(viewport=DESK, accept_downloads=True)
    page = context.new_page()
    log_in(page, welfare_server, "admin")
    yield page
    context.close()


SETUP_AGREE = """
import json, sys
from sqlalchemy import select
from kiosk import create_app
from kiosk.extensions import db
from kiosk.files.service import change_status
from kiosk.models import CaseFile, DtksProposal
app = create_app()
with app.test_request_context():
    proposal = db.session.scalar(
        select(DtksProposal).join(CaseFile, DtksProposal.file_id == CaseFile.id)
        .where(CaseFile.status == "masuk_daftar_musyawarah").order_by(DtksProposal.id).limit(1)
    )
    change_status(proposal.file, "disepakati_musyawarah", "Disepakati", None, via="meeting")
    print(json.dumps({"id": proposal.id, "code": proposal.file.tracking_code}))
"""


def setup_agreed_at_meeting(server: LiveServer) -> dict:
    """Setup step: the village meeting agrees on a listed proposal — the meeting feature's
    service call, `change_status(..., via="meeting")`, run against the server's database."""
    done = subprocess.run(
        [sys.executable, "-c", SETUP_AGREE], env=server.env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def take_dtks_number(kiosk, server) -> tuple[str, str]:
    kiosk.goto(server.url + "/")
    kiosk.locator("[data-group=dtks]").tap()
    kiosk.locator("[data-service=dtks]").tap()
    expect(kiosk.locator("[data-screen=service][data-service=dtks]")).to_be_visible()
    for label in kiosk.locator("label.req-bring").all():
        label.tap()
    kiosk.locator("[data-take-number]").tap()
    expect(kiosk.locator("[data-screen=ticket]")).to_be_visible()
    code = kiosk.locator("[data-screen=ticket]").get_attribute("data-tracking")
    return code, kiosk.locator("[data-ticket-number]").inner_text()


def take_in_at_counter(desk, server, number: str, code: str) -> None:
    desk.goto(f"{server.url}/loket/{DTKS_COUNTER}")
    desk.locator("[data-action=call-next]").click()
    expect(desk.locator("[data-current-number]")).to_have_text(number)
    desk.locator("[data-action=start]").click()
    desk.locator("[data-action=intake]").click()
    form = desk.locator("[data-form=intake]")
    form.locator("#nik").fill(NIK)
    form.locator("#name").fill(NAME)
    form.locator("#birth_date").fill("1980-08-17")
    form.locator("#sex").select_option("P")
    form.locator("#kk").fill("3201011508100099")
    form.locator("#address").fill("Dusun Krajan")
    form.locator("#rt").fill("4")
    form.locator("#rw").fill("1")
    form.locator("#dusun").fill("Krajan")
    form.locator("[data-accept]").click()
    expect(desk).to_have_url(f"{server.url}/berkas/{code}?baru=1")


def status_of(page) -> str:
    return page.locator("[data-status-label]").inner_text()


def test_a_kiosk_proposal_is_taken_in_visited_and_listed(browser, desk, welfare_server):
    server = welfare_server
    kiosk_context = server.kiosk_context(browser, viewport=PORTRAIT, has_touch=True)
    kiosk = kiosk_context.new_page()
    code, number = take_dtks_number(kiosk, server)
    take_in_at_counter(desk, server, number, code)
    expect(desk.locator("section[data-file-status=diusulkan]")).to_be_visible()
    assert desk.locator("[data-form=status] option[value=diverifikasi]").count() == 0

    desk.locator("[data-dtks-panel] a").click()
    expect(desk.locator("[data-status-label]")).to_have_text("Diusulkan")
    expect(desk.locator("[data-proposal-status]")).to_contain_text("Kiosk")
    visit = desk.locator("[data-form=visit]")
    for box in visit.locator("input[name=criteria]").all()[:9]:
        box.check()
    visit.locator("[name=note]").fill("Dinding bambu, lantai tanah.")
    desk.evaluate("() => window.scrollTo(0, 0)")
    shoot(desk, "dtks-proposal")
    visit.locator("button[type=submit]").click()
    expect(desk.locator("[data-status-label]")).to_have_text("Sudah dikunjungi (verifikasi)")
    expect(desk.locator("[data-visit]")).to_contain_text("9/14 kriteria")
    desk.locator("[data-form=list-one] button").click()
    expect(desk.locator("[data-status-label]")).to_have_text("Masuk daftar musyawarah desa")
    history = desk.locator("[data-history] li[data-history-status]:not([data-history-status=''])")
    expect(history).to_have_count(3)

    kiosk.goto(f"{server.url}/s/{code}")
    expect(kiosk.locator("[data-status-label]")).to_have_text("Masuk daftar musyawarah desa")
    expect(kiosk.locator("[data-notice]")).to_contain_text(NOTICE)
    assert NIK not in kiosk.content() and NAME not in kiosk.content()
    shoot(kiosk, "dtks-status-kiosk")
    kiosk_context.close()

    desk.goto(server.url + "/puskesos")
    expect(desk.locator("[data-stage=masuk_daftar_musyawarah] [data-count]")).not_to_have_text("0")
    shoot(desk, "dtks-home")
    desk.goto(server.url + "/puskesos/dtks?tahap=masuk_daftar_musyawarah&dusun=Krajan")
    expect(desk.locator(f"[data-proposals] tr:has-text('{code}')")).to_have_count(1)
    shoot(desk, "dtks-list")
    desk.goto(server.url + "/puskesos/dtks/usul")
    shoot(desk, "dtks-propose")


def test_an_agreed_proposal_is_exported_entered_decided_and_objected(desk, welfare_server):
    server = welfare_server
    agreed = setup_agreed_at_meeting(server)
    desk.goto(server.url + "/puskesos/dtks/ekspor")
    expect(desk.locator(f"[data-waiting] tr[data-proposal='{agreed['id']}']")).to_be_visible()
    desk.locator("[data-form=make-export] button").click()
    expect(desk.locator("[data-notice]")).to_contain_text("File ekspor dibuat")
    made = desk.locator("section[data-export]").first
    shoot(desk, "dtks-export")
    with desk.expect_download() as download:
        made.locator("[data-download=xlsx]").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    header, *rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert header == list(COLUMNS)
    codes = {row[COLUMNS.index("kode_berkas")] for row in rows}
    assert agreed["code"] in codes
    assert {row[COLUMNS.index("hasil_musyawarah")] for row in rows} == {"disepakati"}

    made.locator("[data-form=entered-export] button").click()
    expect(desk.locator("[data-notice]")).to_contain_text("ditandai sudah diinput ke SIKS-NG")
    desk.goto(f"{server.url}/puskesos/dtks/usulan/{agreed['id']}")
    expect(desk.locator("[data-status-label]")).to_have_text("Sudah diinput ke SIKS-NG")
    outcome = desk.locator("[data-form=outcome]")
    outcome.locator("[name=outcome]").select_option("masuk")
    outcome.locator("[name=decile]").fill("3")
    outcome.locator("button[type=submit]").click()
    expect(desk.locator("[data-status-label]")).to_have_text("Masuk DTSEN")
    expect(desk.locator("[data-outcome]")).to_contain_text("desil 3")
    objection = desk.locator("[data-form=objection]")
    objection.locator("[name=note]").fill("Desil keliru: suami sudah tidak bekerja.")
    objection.locator("button[type=submit]").click()
    expect(desk.locator("[data-status-label]")).to_have_text("Sanggahan dicatat")
    expect(desk.locator("[data-form=list-one]")).to_be_visible()  # to the meeting again
    statuses = desk.locator("[data-history] li[data-history-status]").evaluate_all(
        "els => els.map(e => e.dataset.historyStatus).filter(Boolean)"
    )
    assert statuses[-5:] == [
        "masuk_daftar_musyawarah",
        "disepakati_musyawarah",
        "diinput_siksng",
        "masuk_dtsen",
        "sanggahan",
    ]
    desk.evaluate("() => window.scrollTo(0, 0)")
    shoot(desk, "dtks-proposal-objection")
