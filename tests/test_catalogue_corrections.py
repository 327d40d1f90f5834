"""Issue 13 item 5: the catalogue and workflows follow the corrected field notes (domain.md §3,
§4, §10) — blanko only for cards, KIS ending in active membership, no one-officer closing of a
KIS application, the Jamkesmas swap retired, PBI reactivation and newborns, village-need
photocopies, and the words citizens read."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from kiosk.catalogue.loader import DATA_DIR, VILLAGE_NEED
from kiosk.catalogue.service import find_service, load_catalogue
from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.files.rehome import follow_moved_services
from kiosk.files.workflow import DATA as WORKFLOWS_YAML
from kiosk.files.workflow import read_workflow, read_workflows, sync_workflows
from kiosk.models import CaseFile, Service
from kiosk.queue.service import issue_ticket

APPLICANT = {"name": "Siti Wahyuni", "nik_absent": "lupa", "address": "Jl. Mawar 3"}
CARDS = {"ktp-baru", "ktp-hilang-rusak", "ktp-perubahan", "kia"}
PAPER = {"kk-baru", "kk-perubahan", "kk-pisah", "kk-hilang-rusak", "akta-kelahiran"}
PAPER |= {"akta-kematian", "surat-pindah"}
OUTSIDE = {"dinsos", "bpjs"}  # waiting on a decision the village does not make


def _accept(service: str, **changes):
    ticket = issue_ticket(service)
    return files.accept_file(
        tracking_code=ticket.tracking_code,
        service_code=None,
        applicant={**APPLICANT, **changes},
        received=[],
        missing=[],
    )


def _move(case, *statuses: str, note: str | None = None) -> None:
    for status in statuses:
        files.change_status(case, status, note, None)


def _sync(tmp_path: Path, document: dict) -> None:
    path = tmp_path / "workflows.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    sync_workflows(path)


def _shipped_workflows() -> dict:
    return copy.deepcopy(yaml.safe_load(WORKFLOWS_YAML.read_text(encoding="utf-8")))


def _shipped_services() -> dict:
    return copy.deepcopy(yaml.safe_load((DATA_DIR / "services.yaml").read_text("utf-8")))


def _old_one_flow_adminduk(document: dict) -> dict:
    """The adminduk workflow as shipped before the split: every adminduk service, with blanko."""
    card = copy.deepcopy(document.pop("adminduk_kartu"))
    card.pop("moved_from")
    card["services"] = sorted(CARDS | PAPER)
    document["adminduk"] = card
    return document


# --- workflows as data (no database) -----------------------------------------------------------


def test_blanko_only_where_a_blank_card_exists():
    """Only the KTP-el/KIA workflow waits on blanko; KK, akta and surat pindah never do."""
    for code, body in read_workflows().items():
        waits_on_blanko = any(s.get("waiting_on") == "blanko" for s in body["statuses"].values())
        if waits_on_blanko:
            assert set(body["services"]) <= CARDS, code
    assert set(read_workflow("adminduk_kartu").services) == CARDS
    assert set(read_workflow("adminduk").services) == PAPER
    assert "menunggu_blanko" not in read_workflow("adminduk").statuses


def test_no_final_kis_status_without_a_decision_outside_the_village():
    """Walk the KIS graph without the statuses that wait on Dinas Sosial/BPJS: the only closing
    status an officer reaches is "returned" (with a reason); "not proposable" is not final."""
    flow = read_workflow("puskesos_kis")
    inside = {c for c, s in flow.statuses.items() if s.waiting_on not in OUTSIDE}
    seen, todo = set(), [flow.start]
    while todo:
        status = todo.pop()
        if status in seen or status not in inside:
            continue
        seen.add(status)
        todo.extend(flow.statuses[status].next)
    assert {c for c in seen if flow.statuses[c].final} == {"dikembalikan"}
    assert flow.statuses["dikembalikan"].needs_note
    assert "tidak_memenuhi_kriteria" not in flow.statuses
    to_meeting = flow.statuses["perlu_usulan_dtks"]
    assert to_meeting.needs_note and not to_meeting.final
    assert "musyawarah" in to_meeting.text("next_step")
    assert "perlu_usulan_dtks" in flow.statuses["survei_rumah"].next


def test_kis_ends_in_active_membership_and_the_card_trip_is_optional():
    flow = read_workflow("puskesos_kis")
    issued = flow.statuses["rekomendasi_terbit"]
    assert issued.next[0] == "kepesertaan_aktif" and "kartu_siap_diambil" in issued.next
    active = flow.statuses["kepesertaan_aktif"]
    assert active.text("label") == "Kepesertaan aktif" and "KTP-el" in active.text("next_step")
    assert not active.pickup  # no trip to BPJS unless the officer picks the regency's card trip
    assert flow.statuses["terdaftar"].text("label") == "Pengajuan dicatat"
    assert {"kis", "pbi-aktifkan", "kis-bayi"} <= set(flow.services)
    assert "kis-tukar" not in flow.services


def test_kis_question_is_answered_the_same_day_in_its_own_flow():
    flow = read_workflow("kis_pertanyaan")
    assert flow.services == ("kis-keluhan",)
    assert flow.statuses["diterima"].next == ("dijawab",)
    assert flow.statuses["dijawab"].final and flow.statuses["dijawab"].needs_note


# --- the catalogue file ------------------------------------------------------------------------


def test_new_kis_services_and_corrected_texts():
    services = {s["code"]: s for s in _shipped_services()["services"]}
    reactivate, baby = services["pbi-aktifkan"], services["kis-bayi"]
    assert [r["code"] for r in reactivate["requirements"]] == ["ktp", "kk"]
    assert reactivate["time_standard_days"] is None and reactivate["prefix"] not in "IOH"
    proof = [r["code"] for r in baby["requirements"] if r.get("one_of") == "bukti-lahir"]
    assert proof == ["akta-lahir", "surat-lahir"]
    assert services["kis-tukar"]["retired"] is True
    question = services["kis-keluhan"]
    assert question["name"]["id"] == "Pertanyaan / keluhan KIS"
    assert question["time_standard_days"] == 0
    assert "dewasa" in services["akta-kelahiran"]["summary"]["id"]
    assert "pengadilan" in services["akta-kelahiran"]["notice"]["id"]
    sptjm = {r["code"] for r in services["kk-baru"]["requirements"] if r.get("one_of")}
    assert sptjm == {"buku-nikah", "sptjm-pasutri"}
    for code in ("sktm", "domisili"):
        assert "tergantung aturan desa" in services[code]["notice"]["id"]
    assert "seumur hidup" in services["ktp-hilang-rusak"]["notice"]["id"]
    domicile = next(r for r in services["kis"]["requirements"] if r["code"] == "surat-domisili")
    assert domicile["kind"] == "made"  # a domicile letter is made here, never brought


# --- loaded into an office ---------------------------------------------------------------------


@pytest.mark.data_layer
def test_village_need_copies_say_so_on_the_kiosk_and_the_slip(ctx, client):
    paper = next(r for r in find_service("ktp-baru").requirements if r.code == "kk-fotokopi")
    assert paper.condition == VILLAGE_NEED
    html = client.get("/layanan/ktp-baru").get_data(as_text=True)
    assert "untuk arsip desa; bisa difotokopi di kantor desa" in html
    assert "KTP-el berlaku seumur hidup" in client.get("/").get_data(as_text=True)


@pytest.mark.data_layer
def test_kis_tukar_is_retired_but_its_old_file_opens(ctx, client, tmp_path):
    """An office that still has kis-tukar switches it off at the next load; its file opens."""
    document = _shipped_services()
    for service in document["services"]:
        service.pop("retired", None)
    path = tmp_path / "services.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    load_catalogue(services_path=path)
    case = _accept("kis-tukar")
    report = load_catalogue()
    db.session.expire_all()
    assert report.services_retired == 1 and find_service("kis-tukar") is None
    row = db.session.scalar(select(Service).where(Service.code == "kis-tukar"))
    assert row.active is False and row.prefix == "H"
    page = client.get(f"/s/{case.tracking_code}")
    assert page.status_code == 200 and "Tukar Kartu Lama" in page.get_data(as_text=True)
    assert "kis-tukar" not in client.get("/kelompok/kis").get_data(as_text=True)
    assert load_catalogue().services_retired == 0


@pytest.mark.data_layer
def test_superseded_texts_are_corrected_but_an_admin_edit_is_kept(ctx):
    question, kis_group = find_service("kis-keluhan"), find_service("kis").group
    question.name = {"id": "Keluhan atau Tanya soal KIS", "en": "KIS complaint or question"}
    kis_group.hint = {"id": "Hint kantor ini", "en": "This office's hint"}
    db.session.commit()
    report = load_catalogue()
    db.session.expire_all()
    assert report.corrected == 1
    assert find_service("kis-keluhan").text("name") == "Pertanyaan / keluhan KIS"
    assert find_service("kis").group.text("hint") == "Hint kantor ini"


@pytest.mark.data_layer
def test_an_old_kk_file_waiting_on_blanko_moves_on_and_card_files_follow_their_flow(
    ctx, client, tmp_path
):
    """Files made under the one-flow adminduk: a KK file in menunggu_blanko keeps its version
    and moves on to siap_diambil; an open KTP-el file moves to adminduk_kartu."""
    _sync(tmp_path, _old_one_flow_adminduk(_shipped_workflows()))
    kk_file, ktp_file = _accept("kk-hilang-rusak"), _accept("ktp-baru", name="Budi")
    _move(kk_file, "diverifikasi", "diteruskan", "menunggu_blanko")
    _move(ktp_file, "diverifikasi", "diteruskan")
    old_version = kk_file.workflow_id

    sync_workflows()
    assert follow_moved_services() == 1
    db.session.expire_all()
    kk_file, ktp_file = db.session.get(CaseFile, kk_file.id), db.session.get(CaseFile, ktp_file.id)
    assert kk_file.workflow == "adminduk" and files.file_workflow(kk_file).id == old_version
    page = client.get(f"/s/{kk_file.tracking_code}").get_data(as_text=True)
    assert "Menunggu blanko" in page and "tanggal belum pasti (menunggu blanko)" in page
    _move(kk_file, "siap_diambil")
    assert files.file_workflow(kk_file).statuses.keys().isdisjoint({"menunggu_blanko"})
    assert ktp_file.workflow == "adminduk_kartu"
    _move(ktp_file, "menunggu_blanko")
    assert files.file_workflow(ktp_file).code == "adminduk_kartu"


@pytest.mark.data_layer
def test_an_old_kis_file_closed_on_the_village_criteria_still_opens(ctx, client, tmp_path):
    document = _shipped_workflows()
    document["puskesos_kis"]["statuses"]["tidak_memenuhi_kriteria"] = {
        "label": {"id": "Tidak memenuhi kriteria desa", "en": "Does not meet the criteria"},
        "next_step": {"id": "Hasil survei belum memenuhi kriteria desa.", "en": "Not met."},
        "needs_note": True,
        "final": True,
    }
    document["puskesos_kis"]["statuses"]["survei_rumah"]["next"].append("tidak_memenuhi_kriteria")
    _sync(tmp_path, document)
    case = _accept("kis")
    _move(case, "terdaftar", "survei_rumah")
    _move(case, "tidak_memenuhi_kriteria", note="Rumah layak")
    sync_workflows()
    page = client.get(f"/s/{case.tracking_code}")
    assert page.status_code == 200 and "Tidak memenuhi kriteria desa" in page.get_data(as_text=True)
    fresh = _accept("kis", name="Budi")
    _move(fresh, "terdaftar", "survei_rumah")
    with pytest.raises(files.StatusNotAllowed):
        _move(fresh, "tidak_memenuhi_kriteria", note="Rumah layak")
    with pytest.raises(files.NoteRequired):
        _move(fresh, "perlu_usulan_dtks")
    _move(fresh, "perlu_usulan_dtks", note="Belum ada di DTKS; diusulkan ke musyawarah desa")
    assert not fresh.closed


@pytest.mark.data_layer
def test_a_kis_question_opens_a_reactivation_file_for_the_same_person(app, ctx, client):
    from staff_support import login, seed

    seed(app)
    question = _accept("kis-keluhan")
    assert question.workflow == "kis_pertanyaan"
    login(client, "admin")
    page = client.get(f"/berkas/{question.tracking_code}").get_data(as_text=True)
    assert "Buka berkas aktifkan kembali" in page
    opened = client.post(f"/berkas/{question.tracking_code}/aktifkan-kembali")
    assert opened.status_code == 302
    reactivation = db.session.scalars(
        select(CaseFile).join(Service).where(Service.code == "pbi-aktifkan")
    ).one()
    assert opened.location.endswith(f"/berkas/{reactivation.tracking_code}")
    assert reactivation.applicant_id == question.applicant_id
    assert reactivation.workflow == "puskesos_kis" and reactivation.source == "counter"
    again = client.post(f"/berkas/{question.tracking_code}/aktifkan-kembali")
    assert again.location == opened.location  # the same open file, not a second one
    page = client.get(f"/berkas/{question.tracking_code}").get_data(as_text=True)
    assert reactivation.tracking_code in page and "Buka berkas aktifkan kembali" not in page
    other = _accept("sktm", name="Budi")
    refused = client.post(f"/berkas/{other.tracking_code}/aktifkan-kembali")
    assert refused.status_code == 409


# --- plain words (domain.md §10) ---------------------------------------------------------------

KIOSK = Path(__file__).parent.parent / "kiosk"
OLD_WORDS = ("antrian", "jatuh tempo", "tidak ada sentuhan", "± pukul", "instansi", "data tubuh")
OLD_WORDS += ("tanya soal", "memberi kabar", "kiriman ")
_GETTEXT = re.compile(r"""\b_l?\(\s*((?:"[^"]*"\s*)+)""")


def _user_texts() -> list[tuple[str, str]]:
    """(file, text) for every template, data file and translatable Python string."""
    texts = []
    for path in KIOSK.rglob("*.html"):
        texts.append((str(path), path.read_text(encoding="utf-8")))
    texts.append((str(WORKFLOWS_YAML), WORKFLOWS_YAML.read_text(encoding="utf-8")))
    shown = _shipped_services()  # earlier texts (superseded) and retired services are not shown
    shown["services"] = [s for s in shown["services"] if not s.get("retired")]
    for entry in shown["groups"] + shown["services"]:
        entry.pop("superseded", None)
    texts.append(("services.yaml", yaml.safe_dump(shown, allow_unicode=True)))
    for path in KIOSK.rglob("*.py"):
        for match in _GETTEXT.finditer(path.read_text(encoding="utf-8")):
            texts.append((str(path), match.group(1)))
    return texts


def test_no_old_wording_on_user_facing_text():
    found = [
        (name, word) for name, text in _user_texts() for word in OLD_WORDS if word in text.lower()
    ]
    assert found == []


class TestQuotaMessage:
    """With office hours Monday to Friday: a quota spent on Friday names Monday, not 'besok'."""

    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "OFFICE_HOURS": "mon-fri 08:00-15:00"}

    @pytest.mark.data_layer
    def test_quota_message_names_the_next_opening_day(self, ctx, clock):
        from kiosk.queue.service import QuotaReached

        find_service("sktm").daily_quota = 1
        db.session.commit()
        clock.set(2026, 11, 27, 9, 0)  # Friday
        issue_ticket("sktm")
        with pytest.raises(QuotaReached) as spent:
            issue_ticket("sktm")
        assert "Silakan datang lagi Senin, 30 November pukul 08.00." in spent.value.message
        clock.set(2026, 11, 24, 9, 0)  # Tuesday
        issue_ticket("sktm")
        with pytest.raises(QuotaReached) as spent:
            issue_ticket("sktm")
        assert "Silakan datang lagi besok pukul 08.00." in spent.value.message


@pytest.mark.data_layer
def test_status_page_says_a_due_date_may_shift_while_papers_are_missing(ctx, client):
    ticket = issue_ticket("sktm")
    case = files.accept_file(
        tracking_code=ticket.tracking_code,
        service_code=None,
        applicant=APPLICANT,
        received=[],
        missing=["keperluan"],
    )
    html = client.get(f"/s/{case.tracking_code}").get_data(as_text=True)
    assert "bisa bergeser jika berkas belum lengkap" in html
