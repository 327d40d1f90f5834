"""The whole DTKS cycle at the welfare desk, in Chromium against a live server (one demo office),
every step through the screens a person uses:

a family takes a DTKS number at the kiosk, the counter takes the file in, the desk records the
verification visit and lists it for the village meeting (no status a desk officer may pick closes
it before then); the meeting agrees; the desk exports it for SIKS-NG (the XLSX read back), marks
it entered, records the outcome, and an objection reopens it for the next meeting. Every step is
in the file's history, and the kiosk's status page says that being listed is not receiving aid."""

from __future__ import annotations

import io

import openpyxl
import pytest
from browser_support import PORTRAIT, LiveServer, fill_applicant, log_in, shoot
from meeting_support import fill_new_meeting
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


def agree_at_meeting(desk, server, code: str) -> None:
    """The village meeting of dusun Krajan: list this proposal, open, decide "Setuju", close."""
    desk.goto(server.url + "/puskesos/musyawarah")
    fill_new_meeting(desk)
    desk.get_by_role("button", name="Simpan").click()
    desk.locator("[data-candidate]", has_text=NAME).locator("[data-add-one]").click()
    row = desk.locator("[data-meeting-list] [data-item]", has_text=NAME)
    expect(row).to_have_count(1)
    desk.locator("[data-open-meeting]").click()
    row.locator("[data-decide=setuju]").click()
    expect(row).to_have_attribute("data-decision", "setuju")
    desk.locator("[data-close-meeting]").click()
    expect(desk.locator("[data-state]").first).to_have_attribute("data-state", "closed")


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
    fill_applicant(
        form,
        nik=NIK,
        name=NAME,
        birth_date="1980-08-17",
        sex="P",
        kk="3201011508100099",
        address="Dusun Krajan",
        rt="4",
        rw="1",
        dusun="Krajan",
    )
    form.locator("[data-accept]").click()
    expect(desk).to_have_url(f"{server.url}/berkas/{code}?baru=1")


def status_of(page) -> str:
    return page.locator("[data-status-label]").inner_text()


def test_a_kiosk_proposal_goes_through_the_whole_cycle(browser, desk, welfare_server):
    server = welfare_server
    kiosk_context = server.kiosk_context(browser, viewport=PORTRAIT, has_touch=True)
    kiosk = kiosk_context.new_page()
    code, number = take_dtks_number(kiosk, server)
    take_in_at_counter(desk, server, number, code)
    expect(desk.locator("section[data-file-status=diusulkan]")).to_be_visible()
    # Before the meeting, no status a desk officer may pick closes the proposal.
    offered = desk.locator("[data-form=status] option").evaluate_all(
        "els => els.map(e => e.value).filter(Boolean)"
    )
    assert set(offered) <= {"perlu_dilengkapi", "belum_dapat_diusulkan"}

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

    agree_at_meeting(desk, server, code)
    desk.goto(server.url + f"/berkas/{code}")
    expect(desk.locator("section[data-file-status=disepakati_musyawarah]")).to_be_visible()
    desk.locator("[data-dtks-panel] a").click()
    agreed = {"id": int(desk.url.rstrip("/").rsplit("/", 1)[-1]), "code": code}

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
    assert statuses == [
        "diusulkan",
        "diverifikasi",
        "masuk_daftar_musyawarah",
        "disepakati_musyawarah",
        "diinput_siksng",
        "masuk_dtsen",
        "sanggahan",
    ]
    desk.evaluate("() => window.scrollTo(0, 0)")
    shoot(desk, "dtks-proposal-objection")
