"""Alternatives ("one of") and optional papers: one rule says what is missing, and the kiosk
warning, the intake pre-marks, the slip and the status page all say it the same way."""

from __future__ import annotations

import copy
import re

import pytest
import yaml
from sqlalchemy import select

import printer
from kiosk.catalogue.loader import DATA_DIR, CatalogueError, read_services
from kiosk.catalogue.service import find_service, load_catalogue
from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.files.forms import IntakeForm
from kiosk.files.intake import intake_context
from kiosk.files.receipt import incomplete_slip
from kiosk.files.requirements import (
    PaperChoice,
    papers,
    states_from_ticks,
    still_missing,
    ticket_missing,
)
from kiosk.models import Requirement
from kiosk.queue.receipt import ticket_receipt
from kiosk.queue.service import issue_ticket
from kiosk.status.presenter import waiting_reason

pytestmark = pytest.mark.data_layer

APPLICANT = {"name": "Siti Wahyuni", "nik_absent": "lupa", "address": "Jl. Mawar 3"}
KK = "Kartu Keluarga (KK)"
EITHER_CARD = "Salah satu dari: Surat keterangan kehilangan dari polisi, KTP-el yang rusak"


def _ids(service_code: str) -> dict[str, int]:
    return {r.code: r.id for r in find_service(service_code).requirements}


def _kiosk_missing(service_code: str, *ticked: str) -> list[str]:
    ids = _ids(service_code)
    requirements = find_service(service_code).requirements
    return still_missing(states_from_ticks(requirements, {ids[code] for code in ticked}))


def _accept(service: str, received: list[str], missing: list[str]):
    """Take a number and accept the file with papers named by code."""
    ticket = issue_ticket(service)
    return files.accept_file(
        tracking_code=ticket.tracking_code,
        service_code=None,
        applicant=APPLICANT,
        received=received,
        missing=missing,
    )


def _slip_text(case) -> str:
    lines = [line.text for line in incomplete_slip(case).layout(printer.PAPER_80) if line.text]
    return " ".join(" ".join(lines).split())


# --- the rule ----------------------------------------------------------------------------------


def test_ticking_nothing_asks_for_one_of_the_alternatives(ctx):
    assert _kiosk_missing("ktp-hilang-rusak") == [KK, EITHER_CARD]
    assert _kiosk_missing("ktp-hilang-rusak", "ktp-rusak") == [KK]
    assert _kiosk_missing("ktp-hilang-rusak", "kk", "surat-polisi") == []
    assert _kiosk_missing("kis-bayi", "kk") == [
        "Salah satu dari: Akta kelahiran bayi, Surat keterangan lahir"
    ]
    assert _kiosk_missing("akta-kelahiran", "kk", "ktp-ortu", "sptjm-kelahiran") == [
        "Salah satu dari: Buku nikah atau akta perkawinan orang tua, "
        "SPTJM kebenaran sebagai pasangan suami istri"
    ]


def test_optional_and_conditional_papers_unticked_are_never_missing(ctx):
    # KIS: electricity bill, child's birth certificate and aid cards are optional.
    assert _kiosk_missing("kis", "ktp-fotokopi", "kk-fotokopi") == []
    # KK perubahan: each event's proof applies only in its case.
    assert _kiosk_missing("kk-perubahan", "kk-lama") == []
    assert _kiosk_missing("ktp-baru", "kk") == []  # the copy is the village's own need


def test_an_officer_can_narrow_the_alternatives_and_optional_stays_off_the_list(ctx):
    service = find_service("ktp-hilang-rusak")
    kk, police, damaged = service.requirements
    narrowed = [
        PaperChoice(kk, None, "received"),
        PaperChoice(police, None, "missing"),
        PaperChoice(damaged, None, "not_needed"),
    ]
    assert still_missing(narrowed) == ["Surat keterangan kehilangan dari polisi"]
    optional = next(r for r in find_service("kis").requirements if r.optional)
    assert still_missing([PaperChoice(optional, None, "missing")]) == []
    assert still_missing([PaperChoice(None, "Surat dari sekolah", "missing")]) == [
        "Surat dari sekolah"
    ]


# --- intake, slip, status page -----------------------------------------------------------------


def test_intake_pre_marks_from_the_kiosk_ticks(ctx):
    ids = _ids("kis")
    ticked = {ids["ktp-fotokopi"], ids["kk-fotokopi"], ids["kartu-bantuan"]}
    unticked = [i for i in ids.values() if i not in ticked]
    ticket = issue_ticket("kis", missing=unticked)
    rows = intake_context(ticket, IntakeForm(formdata=None), {}, None)["rows"]
    marks = {row["item"].code: row["choice"] for row in rows}
    assert marks == {
        "ktp-fotokopi": "ada",
        "kk-fotokopi": "ada",
        "rekening-listrik": "tidak_perlu",  # optional, not ticked: not missing
        "akta-lahir-anak": "tidak_perlu",
        "kartu-bantuan": "ada",
    }
    assert ticket_missing(ticket) == []


def test_no_alternative_ticked_pre_marks_both_missing_and_a_desk_ticket_nothing(ctx):
    ids = _ids("ktp-hilang-rusak")
    kiosk = issue_ticket("ktp-hilang-rusak", missing=list(ids.values()))
    rows = intake_context(kiosk, IntakeForm(formdata=None), {}, None)["rows"]
    assert [row["choice"] for row in rows] == ["kurang", "kurang", "kurang"]
    assert ticket_missing(kiosk) == [KK, EITHER_CARD]
    api = issue_ticket("ktp-hilang-rusak", source="api")
    rows = intake_context(api, IntakeForm(formdata=None), {}, None)["rows"]
    assert [row["choice"] for row in rows] == ["ada", "tidak_perlu", "tidak_perlu"]


def test_slip_and_status_page_say_one_of_after_intake(ctx, client):
    case = _accept("ktp-hilang-rusak", ["kk"], ["surat-polisi", "ktp-rusak"])
    assert case.status == "perlu_dilengkapi"
    assert papers(case).missing == [EITHER_CARD]
    assert EITHER_CARD in _slip_text(case)
    assert "Surat keterangan kehilangan dari polisi, KTP-el yang rusak" in _slip_text(case)
    html = client.get(f"/s/{case.tracking_code}").get_data(as_text=True)
    shown = re.search(r"<dd data-missing>(.*?)</dd>", html).group(1)
    assert re.findall(r"<li>(.*?)</li>", shown) == [EITHER_CARD]
    assert "status-file is-incomplete" in html  # a warning colour, not the primary green


def test_an_optional_paper_marked_missing_does_not_hold_the_file(ctx):
    case = _accept("kis", ["ktp-fotokopi", "kk-fotokopi"], ["rekening-listrik"])
    assert case.status == "diterima" and papers(case).missing == []


def test_queue_receipt_checklist_asks_for_one_of_once(ctx):
    receipt = ticket_receipt(issue_ticket("ktp-hilang-rusak"))
    lines = [line.text for line in receipt.layout(printer.PAPER_80) if line.text]
    text = " ".join(" ".join(lines).split())
    assert (
        "Salah satu dari: Surat keterangan kehilangan dari polisi (Jika KTP-el hilang), "
        "KTP-el yang rusak (Jika KTP-el rusak)"
    ) in text
    assert text.count("Salah satu dari") == 1


def _receipt_lines(ticket) -> list:
    return [line for line in ticket_receipt(ticket).layout(printer.PAPER_80) if line.text]


def test_queue_receipt_marks_what_the_citizen_did_not_tick(ctx):
    """Ticked KK only: the alternatives entry is marked BELUM ADA (bold), KK is not; a desk
    ticket (nobody ticked) marks nothing."""
    ids = _ids("ktp-hilang-rusak")
    unticked = [ids["surat-polisi"], ids["ktp-rusak"]]
    lines = _receipt_lines(issue_ticket("ktp-hilang-rusak", missing=unticked))
    marked = [line.text for line in lines if "BELUM ADA" in line.text]
    assert marked[0].startswith("BELUM ADA = ")
    assert [line.bold for line in lines if line.text.startswith("BELUM ADA: Salah satu")] == [True]
    assert len(marked) == 2
    assert not any(line.bold for line in lines if line.checkbox and line.text.startswith(KK))

    nothing = _receipt_lines(issue_ticket("ktp-hilang-rusak", missing=unticked, source="desk"))
    assert not any("BELUM ADA" in line.text for line in nothing)
    complete = _receipt_lines(issue_ticket("ktp-hilang-rusak", missing=[ids["ktp-rusak"]]))
    assert not any("BELUM ADA" in line.text for line in complete)


# --- status words ------------------------------------------------------------------------------


def test_waiting_reasons_fit_the_service(app):
    with app.test_request_context():
        assert waiting_reason("dukcapil", "dukcapil") == "Menunggu kecamatan/Disdukcapil."
        assert waiting_reason("bpjs", "dinsos") == "Menunggu BPJS Kesehatan."
        # Workflow versions stored before 0015 say "agency": the service names the office.
        assert waiting_reason("agency", "dukcapil") == "Menunggu kecamatan/Disdukcapil."
        assert waiting_reason("agency", "dinsos") == "Menunggu Dinas Sosial."
        assert waiting_reason(None, "dukcapil") is None


def test_a_ktp_file_sent_on_waits_on_dukcapil_and_a_ready_one_shows_no_due_date(ctx, client, clock):
    case = _accept("ktp-hilang-rusak", ["kk", "ktp-rusak"], [])
    files.change_status(case, "diverifikasi", None, None)
    files.change_status(case, "diteruskan", None, None)
    body = client.get(f"/api/v1/files/{case.tracking_code}").get_json()
    assert body["waiting_reason"] == "Menunggu kecamatan/Disdukcapil."
    files.change_status(case, "siap_diambil", None, None)
    clock.set(2027, 6, 1, 9, 0)  # long past the due date
    body = client.get(f"/api/v1/files/{case.tracking_code}").get_json()
    assert body["ready"] is True and body["overdue"] is False
    html = client.get(f"/s/{case.tracking_code}").get_data(as_text=True)
    due = re.search(r"<dd data-due>(.*?)</dd>", html).group(1)
    assert due == "Sudah selesai"


# --- the catalogue -----------------------------------------------------------------------------


def _document() -> dict:
    return yaml.safe_load((DATA_DIR / "services.yaml").read_text(encoding="utf-8"))


def _write(tmp_path, document: dict):
    path = tmp_path / "services.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def _requirement(document: dict, service: str, code: str) -> dict:
    entry = next(s for s in document["services"] if s["code"] == service)
    return next(r for r in entry["requirements"] if r["code"] == code)


@pytest.mark.parametrize(
    ("service", "code", "change", "message"),
    [
        ("sktm", "sktm", {"one_of": "surat"}, r"alternatives must be papers to bring"),
        ("kis", "rekening-listrik", {"one_of": "x"}, r"alternatives must be papers to bring"),
        ("kis", "ktp-fotokopi", {"one_of": "Identitas!"}, r"one_of: code must be lower-case"),
    ],
)
def test_loader_refuses_bad_alternatives(tmp_path, service, code, change, message):
    document = copy.deepcopy(_document())
    _requirement(document, service, code).update(change)
    with pytest.raises(CatalogueError, match=message):
        read_services(_write(tmp_path, document))


def test_loading_upserts_the_alternative_code(ctx, tmp_path):
    document = _document()
    del _requirement(document, "ktp-hilang-rusak", "ktp-rusak")["one_of"]
    load_catalogue(services_path=_write(tmp_path, document))
    db.session.expire_all()
    rows = db.session.scalars(
        select(Requirement).where(Requirement.code.in_(["surat-polisi", "ktp-rusak"]))
    )
    groups = {r.code: r.one_of for r in rows if r.service.code == "ktp-hilang-rusak"}
    assert groups == {"surat-polisi": "hilang-atau-rusak", "ktp-rusak": None}
    assert _kiosk_missing("ktp-hilang-rusak", "kk") == ["Surat keterangan kehilangan dari polisi"]


def test_a_ticket_from_before_0011_names_papers_in_words(ctx):
    """Unticked papers were kept as labels: a known label reads by the rule, once."""
    ticket = issue_ticket("ktp-hilang-rusak", missing=[KK, "Surat dari RT"])
    assert ticket_missing(ticket) == [KK, "Surat dari RT"]
