"""Catalogue and workflows as versioned data: papers point at requirements by id, texts come in
any language, and editing the YAML never orphans an old file."""

from __future__ import annotations

import copy

import pytest
import yaml
from flask_babel import force_locale
from sqlalchemy import func, select, update

import printer
from kiosk.catalogue.loader import DATA_DIR
from kiosk.catalogue.service import find_service, load_catalogue
from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.files.forms import IntakeForm
from kiosk.files.intake import intake_context
from kiosk.files.receipt import file_receipt
from kiosk.files.requirements import one_of_text, papers, ticket_missing
from kiosk.files.workflow import DATA as WORKFLOWS_YAML
from kiosk.files.workflow import sync_workflows, workflow_for_service
from kiosk.models import CaseFile, FileRequirement, Requirement, WorkflowVersion
from kiosk.queue.service import issue_ticket

pytestmark = pytest.mark.data_layer

APPLICANT = {"name": "Siti Wahyuni", "nik_absent": "lupa", "address": "Jl. Mawar 3"}
SERVICE = "ktp-hilang-rusak"


def _services() -> dict:
    return yaml.safe_load((DATA_DIR / "services.yaml").read_text(encoding="utf-8"))


def _requirement(document: dict, service: str, code: str) -> dict:
    entry = next(s for s in document["services"] if s["code"] == service)
    return next(r for r in entry["requirements"] if r["code"] == code)


def _reload(tmp_path, document: dict):
    path = tmp_path / "services.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    report = load_catalogue(services_path=path)
    db.session.expire_all()
    return report


def _accept(service: str = SERVICE, missing=("surat-polisi", "ktp-rusak"), received=("kk",)):
    ticket = issue_ticket(service)
    return files.accept_file(
        tracking_code=ticket.tracking_code,
        service_code=None,
        applicant=APPLICANT,
        received=list(received),
        missing=list(missing),
    )


def _receipt_text(case, lang: str) -> str:
    with force_locale(lang):
        receipt = file_receipt(case)
    lines = [line.text for line in receipt.layout(printer.PAPER_80) if line.text]
    return " ".join(" ".join(lines).split())  # wrapped lines read as one text


# --- requirements ------------------------------------------------------------------------------


def test_missing_papers_are_rows_that_follow_a_relabel(ctx, tmp_path):
    """Two missing papers → two rows by requirement id; a relabel in the YAML shows on the old
    file (same row, same requirement), in Indonesian and in English."""
    case = _accept()
    rows = db.session.scalars(select(FileRequirement).where(FileRequirement.file_id == case.id))
    by_state = {}
    for row in rows:
        by_state.setdefault(row.state, []).append(row.requirement.code)
    assert by_state == {"received": ["kk"], "missing": ["surat-polisi", "ktp-rusak"]}
    police = find_service(SERVICE).requirements[1]
    assert police.code == "surat-polisi"
    police_id = police.id

    document = _services()
    _requirement(document, SERVICE, "surat-polisi")["label"] = {
        "id": "Surat kehilangan dari kepolisian",
        "en": "Police loss report",
    }
    assert _reload(tmp_path, document).requirements == 0
    case = files.get_file(case.tracking_code)
    # Both alternatives missing: one entry asks for either, in the reader's language.
    assert papers(case).missing == [
        "Salah satu dari: Surat kehilangan dari kepolisian, KTP-el yang rusak"
    ]
    assert papers(case, "en").missing == [one_of_text(["Police loss report", "The damaged e-KTP"])]
    assert db.session.get(Requirement, police_id).text("label", "en") == "Police loss report"
    english = _receipt_text(case, "en")
    assert "Police loss report" in english and "Family card (KK)" in english
    assert "Kartu Keluarga" not in english
    assert "Surat kehilangan dari kepolisian" in _receipt_text(case, "id")


def test_public_status_lists_missing_papers_in_the_readers_language(ctx, client):
    case = _accept()
    english = client.get(f"/api/v1/files/{case.tracking_code}?lang=en").get_json()
    with force_locale("en"):
        either = one_of_text(["Loss report letter from the police", "The damaged e-KTP"])
    assert english["missing"] == [either]
    page = client.get(f"/s/{case.tracking_code}").get_data(as_text=True)
    assert "Surat keterangan kehilangan dari polisi" in page


def test_a_removed_requirement_is_retired_not_deleted(ctx, tmp_path):
    """The old file still shows it; the kiosk and a new intake no longer offer it."""
    case = _accept()
    document = _services()
    entry = next(s for s in document["services"] if s["code"] == SERVICE)
    entry["requirements"] = [r for r in entry["requirements"] if r["code"] != "ktp-rusak"]
    report = _reload(tmp_path, document)
    assert report.retired == 1
    retired = db.session.scalar(select(Requirement).where(Requirement.code == "ktp-rusak"))
    assert retired is not None and not retired.active
    case = files.get_file(case.tracking_code)
    assert papers(case).missing == [
        "Salah satu dari: Surat keterangan kehilangan dari polisi, KTP-el yang rusak"
    ]
    service = find_service(SERVICE)
    assert "ktp-rusak" not in [r.code for r in service.requirements]
    ticket = issue_ticket(SERVICE)
    rows = intake_context(ticket, IntakeForm(formdata=None), {}, None)["rows"]
    assert [row["item"].code for row in rows] == ["kk", "surat-polisi"]
    # Back in the file, it is active again under the same id.
    _reload(tmp_path, _services())
    assert db.session.get(Requirement, retired.id).active


def test_kiosk_marks_are_requirement_ids_shown_in_the_readers_language(ctx):
    service = find_service(SERVICE)
    kk, police = service.requirements[0], service.requirements[1]
    ticket = issue_ticket(SERVICE, missing=[kk.id, police.id])
    assert ticket.missing_requirements == [kk.id, police.id]
    # The damaged card was ticked: it meets the group, so the police letter is not missing.
    assert ticket_missing(ticket, "en") == ["Family card (KK)"]
    assert ticket_missing(ticket) == ["Kartu Keluarga (KK)"]


def test_free_text_papers_are_kept_readable(ctx):
    """A paper named in words the catalogue does not have stays as text on the file."""
    case = _accept(missing=["Surat keterangan dari sekolah"], received=())
    (row,) = case.papers
    assert row.requirement_id is None and row.legacy_label == "Surat keterangan dari sekolah"
    assert papers(case, "en").missing == ["Surat keterangan dari sekolah"]


def test_any_language_without_a_schema_change(ctx, client, tmp_path):
    """Javanese text in the YAML is shown for lang=jv; an unknown language falls back to id."""
    document = _services()
    extra = copy.deepcopy(next(s for s in document["services"] if s["code"] == "sktm"))
    extra.update(code="sktm-jawa", prefix="Z")
    extra["name"] = {**extra["name"], "jv": "Layang keterangan ora mampu"}
    extra["requirements"][0]["label"]["jv"] = "KTP-el, fotokopian"
    document["services"].append(extra)
    _requirement(document, SERVICE, "kk")["label"]["jv"] = "Kartu Kulawarga (KK)"
    _reload(tmp_path, document)
    service = find_service("sktm-jawa")
    assert service.text("name", "jv") == "Layang keterangan ora mampu"
    assert service.text("name", "xx") == service.text("name", "id") == extra["name"]["id"]
    assert service.requirements[0].text("label", "jv") == "KTP-el, fotokopian"
    case = _accept(missing=["kk"], received=())
    assert papers(case, "jv").missing == ["Kartu Kulawarga (KK)"]
    listed = client.get("/api/v1/services?lang=jv").get_json()["services"]
    javanese = next(s for s in listed if s["code"] == "sktm-jawa")
    assert javanese["name"] == "Layang keterangan ora mampu"
    assert javanese["requirements"][0]["label"] == "KTP-el, fotokopian"
    assert javanese["requirements"][1]["label"] == extra["requirements"][1]["label"]["id"]


# --- conditional updates of a paper ------------------------------------------------------------


def test_a_stale_paper_version_is_a_conflict_in_the_service_api_and_page(app, ctx, client):
    from staff_support import bearer, login, seed

    seed(app)
    case = _accept()
    row = next(p for p in case.papers if p.state == "missing")
    files.set_paper_state(case, row.uuid, "received", row.version, None)
    assert row.version == 2 and row.state == "received"
    with pytest.raises(files.FileChanged):
        files.set_paper_state(case, row.uuid, "missing", 1, None)

    url = f"/api/v1/files/{case.tracking_code}/requirements/{row.uuid}"
    headers = bearer(client, "petugas1")
    stale = client.put(url, json={"state": "missing", "version": 1}, headers=headers)
    assert stale.status_code == 409 and stale.get_json()["error"] == "conflict"
    bad = client.put(url, json={"state": "hilang"}, headers=headers)
    assert bad.status_code == 422 and bad.get_json()["error"] == "invalid_field"
    assert bad.get_json()["field"] == "state"
    done = client.put(url, json={"state": "missing", "version": 2}, headers=headers)
    assert done.status_code == 200
    answer = {p["uuid"]: p for p in done.get_json()["requirements"]}
    assert answer[row.uuid]["state"] == "missing" and answer[row.uuid]["version"] == 3

    login(client, "petugas1")
    page = client.post(
        f"/berkas/{case.tracking_code}/dokumen/{row.uuid}", data={"state": "received", "version": 2}
    )
    assert page.status_code == 409
    assert "baru saja diubah petugas lain" in page.get_data(as_text=True)
    fresh = client.post(
        f"/berkas/{case.tracking_code}/dokumen/{row.uuid}", data={"state": "received", "version": 3}
    )
    assert fresh.status_code == 200 and "Persyaratan diperbarui." in fresh.get_data(as_text=True)


def test_papers_brought_in_turn_every_missing_row_received(ctx):
    case = _accept()
    files.change_status(case, "diterima", None, None)
    assert papers(case).missing == []
    assert len(papers(case).received) == 3
    assert {row.version for row in case.papers if row.requirement.code != "kk"} == {2}


# --- workflows -----------------------------------------------------------------------------------


def _workflows() -> dict:
    return yaml.safe_load(WORKFLOWS_YAML.read_text(encoding="utf-8"))


def _sync(tmp_path, document: dict) -> int:
    path = tmp_path / "workflows.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    written = sync_workflows(path)
    db.session.expire_all()
    return written


def _versions(code: str = "adminduk_kartu") -> int:
    return db.session.scalar(
        select(func.count()).select_from(WorkflowVersion).where(WorkflowVersion.code == code)
    )


def test_workflows_are_stored_once_and_a_new_version_only_on_change(ctx, tmp_path):
    assert _versions() == 1
    assert _sync(tmp_path, _workflows()) == 0
    assert _versions() == 1


def test_a_relabelled_status_shows_on_old_files(ctx, client, tmp_path):
    case = _accept(missing=())
    document = _workflows()
    document["adminduk_kartu"]["statuses"]["diterima"]["label"] = {
        "id": "Sudah diterima petugas desa",
        "en": "Taken in by the village office",
    }
    assert _sync(tmp_path, document) == 1
    assert _versions() == 2
    case = files.get_file(case.tracking_code)
    assert files.file_workflow(case).version == 2
    page = client.get(f"/s/{case.tracking_code}").get_data(as_text=True)
    assert "Sudah diterima petugas desa" in page
    english = client.get(f"/api/v1/files/{case.tracking_code}?lang=en").get_json()
    assert english["status_label"] == "Taken in by the village office"


def test_a_renamed_status_never_breaks_an_old_file(app, ctx, client, tmp_path):
    """menunggu_blanko renamed to menunggu_kartu: the old file keeps its version and its words
    on the staff page, the status page and the API; new files follow the new version."""
    from staff_support import bearer, login, seed

    seed(app)
    case = _accept(missing=())
    for status in ("diverifikasi", "diteruskan", "menunggu_blanko"):
        files.change_status(case, status, None, None)
    old_version = case.workflow_id
    document = _workflows()
    statuses = document["adminduk_kartu"]["statuses"]
    statuses["menunggu_kartu"] = statuses.pop("menunggu_blanko")
    statuses["menunggu_kartu"]["label"] = {"id": "Menunggu kartu kosong", "en": "Waiting for cards"}
    statuses["diteruskan"]["next"] = [
        "menunggu_kartu" if s == "menunggu_blanko" else s for s in statuses["diteruskan"]["next"]
    ]
    assert _sync(tmp_path, document) == 1
    newest = workflow_for_service(SERVICE)
    assert newest.version == 2 and "menunggu_blanko" not in newest.statuses

    case = files.get_file(case.tracking_code)
    assert files.file_workflow(case).id == old_version
    status_page = client.get(f"/s/{case.tracking_code}")
    assert status_page.status_code == 200 and "Menunggu blanko" in status_page.get_data(
        as_text=True
    )
    public = client.get(f"/api/v1/files/{case.tracking_code}")
    assert public.status_code == 200 and public.get_json()["status_label"] == "Menunggu blanko"
    detail = client.get(
        f"/api/v1/files/{case.tracking_code}/detail", headers=bearer(client, "admin")
    )
    assert detail.status_code == 200
    login(client, "petugas1")
    staff_page = client.get(f"/berkas/{case.tracking_code}")
    assert staff_page.status_code == 200 and "Menunggu blanko" in staff_page.get_data(as_text=True)

    # Moving on to a status the new version has moves the file onto the new version.
    files.change_status(case, "siap_diambil", None, None)
    assert case.workflow_id == newest.id
    timeline = client.get(f"/api/v1/files/{case.tracking_code}").get_json()["timeline"]
    assert [t["label"] for t in timeline][-2:] == ["Menunggu blanko", "Siap diambil"]

    fresh = _accept(missing=())
    assert fresh.workflow_id == newest.id
    files.change_status(fresh, "diverifikasi", None, None)
    files.change_status(fresh, "diteruskan", None, None)
    files.change_status(fresh, "menunggu_kartu", None, None)
    assert fresh.due_date is not None
    assert fresh in files.waiting_elsewhere() and case not in files.waiting_elsewhere()


def test_a_file_from_before_versions_reads_the_version_that_has_its_status(ctx, client, tmp_path):
    """A file with no version yet (from before 0011) whose status the newest version lacks reads
    the newest version that has it; a status no version has still opens, as its bare code."""
    case = _accept(missing=())
    for status in ("diverifikasi", "diteruskan", "menunggu_blanko"):
        files.change_status(case, status, None, None)
    document = _workflows()
    del document["adminduk_kartu"]["statuses"]["menunggu_blanko"]
    next_steps = document["adminduk_kartu"]["statuses"]["diteruskan"]["next"]
    next_steps.remove("menunggu_blanko")
    _sync(tmp_path, document)
    table = CaseFile.__table__
    db.session.execute(update(table).where(table.c.id == case.id).values(workflow_id=None))
    db.session.commit()
    answer = client.get(f"/api/v1/files/{case.tracking_code}").get_json()
    assert answer["status_label"] == "Menunggu blanko"
    db.session.execute(update(table).where(table.c.id == case.id).values(status="arsip_lama"))
    db.session.commit()
    page = client.get(f"/s/{case.tracking_code}")
    assert page.status_code == 200 and "arsip_lama" in page.get_data(as_text=True)


def test_api_intake_names_papers_by_code_with_client_made_ids(app, client):
    from staff_support import bearer, seed

    seed(app)
    headers = bearer(client, "admin")
    paper_id = "0b6f5f0e-8d1c-4c1e-9a55-2f0f7b7c1d01"
    papers_sent = {
        "received": ["kk"],
        "missing": ["surat-polisi", "Surat dari sekolah"],
        "uuids": {"surat-polisi": paper_id},
    }
    body = {"service": SERVICE, "applicant": APPLICANT, "requirements": papers_sent}
    created = client.post("/api/v1/files", headers=headers, json=body)
    assert created.status_code == 201, created.get_json()
    rows = created.get_json()["requirements"]
    assert [(r["code"], r["state"]) for r in rows] == [
        ("kk", "received"),
        ("surat-polisi", "missing"),
        (None, "missing"),
    ]
    assert rows[1]["uuid"] == paper_id and rows[1]["version"] == 1
    assert rows[2]["label"] == "Surat dari sekolah"
    again = client.post("/api/v1/files", headers=headers, json=body)
    assert again.status_code == 422 and "uuids" in again.get_json()["errors"]
    papers_sent["uuids"] = {"kk": "not-a-uuid"}
    malformed = client.post("/api/v1/files", headers=headers, json=body)
    assert malformed.status_code == 422 and "uuids" in malformed.get_json()["errors"]
