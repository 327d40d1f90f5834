"""Files: intake rules, due dates over weekends and holidays, workflow, overdue, append-only
history, and privacy on every public surface."""

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from kiosk.counter.service import call_next, get_counter
from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.files.handover import add_file, create_batch, return_batch, send_batch
from kiosk.files.privacy import mask_name
from kiosk.files.requirements import papers
from kiosk.models import FileHistory
from kiosk.offices.current import current_office
from kiosk.offices.service import update_office
from kiosk.queue.service import issue_ticket

pytestmark = pytest.mark.data_layer

NIK = "3201015708450002"  # a woman born 17-08-1945
NAME = "Siti Wahyuni"
KK = "3201011503150007"
APPLICANT = {
    "nik": NIK,
    "name": NAME,
    "kk": KK,
    "birth_date": "1945-08-17",
    "sex": "P",
    "address": "Jl. Mawar 3",
    "rt": "3",
    "rw": "12",
    "dusun": "Krajan",
}


def accept(service="ktp-baru", missing=(), **changes):
    ticket = issue_ticket(service)
    return files.accept_file(
        tracking_code=ticket.tracking_code,
        service_code=None,
        applicant={**APPLICANT, **changes},
        received=[p for p in ["Kartu Keluarga (KK), fotokopi"] if p not in missing],
        missing=list(missing),
    )


def test_due_date_skips_weekends_and_holidays(ctx, clock):
    clock.set(2026, 12, 21, 9, 0)  # Monday; 24-25 Dec, 1 and 5 Jan are off, and weekends
    case = accept("ktp-baru")  # 14 working days
    assert case.due_date == dt.date(2027, 1, 14)


def test_same_day_service_is_due_today_and_no_promise_services_have_none(ctx, clock):
    assert accept("sktm").due_date == dt.date(2026, 11, 23)
    assert accept("kis").due_date is None


def test_missing_papers_start_incomplete_and_pause_the_due_date(ctx, clock):
    case = accept(missing=["Kartu Keluarga (KK), fotokopi"])
    assert case.status == "perlu_dilengkapi"
    assert papers(case).missing == ["Kartu Keluarga (KK), fotokopi"]
    due = case.due_date
    clock.set(2026, 11, 26, 10, 0)  # three working days later the citizen brings the paper
    files.change_status(case, "diterima", None, None)
    assert due == dt.date(2026, 12, 11)  # a Friday
    assert case.due_date == dt.date(2026, 12, 16)  # three working days later
    assert papers(case).missing == []
    assert "Kartu Keluarga (KK), fotokopi" in papers(case).received


def test_pause_over_the_christmas_holidays_counts_only_working_days(ctx, clock):
    """Paused Mon 21 to Mon 28 Dec 2026: 22, 23 and 28 Dec are worked (24-25 are holidays)."""
    clock.set(2026, 12, 21, 9, 0)
    case = accept(missing=["Kartu Keluarga (KK), fotokopi"])
    assert case.due_date == dt.date(2027, 1, 14)
    clock.set(2026, 12, 28, 9, 0)
    files.change_status(case, "diterima", None, None)
    assert case.due_date == dt.date(2027, 1, 19)  # not 21 January


def test_blanko_wait_pauses_the_due_date_and_says_why(ctx, client, clock):
    case = accept()
    for status in ("diverifikasi", "diteruskan", "menunggu_blanko"):
        files.change_status(case, status, None, None)
    due = case.due_date
    clock.set(2026, 11, 30, 9, 0)  # Monday: Tue-Fri and Monday = 5 working days waited
    html = client.get(f"/s/{case.tracking_code}").get_data(as_text=True)
    assert "Menunggu blanko" in html and "dihentikan sementara" in html
    files.change_status(case, "siap_diambil", None, None)
    assert case.due_date == due + dt.timedelta(days=7)  # 5 working days = one week


def test_workflow_refuses_skipping_and_needs_a_reason_to_return(ctx):
    case = accept()
    with pytest.raises(files.StatusNotAllowed):
        files.change_status(case, "siap_diambil", None, None)
    with pytest.raises(files.NoteRequired):
        files.change_status(case, "dikembalikan", "  ", None)
    files.change_status(case, "dikembalikan", "Foto KK buram", None)
    assert case.closed


def test_overdue_lists_late_open_files_urgent_first_but_not_paused_or_closed(ctx, clock):
    late = accept("sktm")
    urgent = accept("domisili")
    files.set_urgent(urgent, True, "Pasien rawat inap", None)
    paused = accept("ktp-baru", missing=["Kartu Keluarga (KK), fotokopi"])
    closed = accept("sktm")
    files.change_status(closed, "siap_diambil", None, None)
    files.change_status(closed, "diambil", None, None)
    clock.set(2027, 2, 1, 9, 0)
    overdue = files.overdue_files()
    assert [c.id for c in overdue] == [urgent.id, late.id]
    assert paused not in overdue and closed not in overdue


def test_urgent_flag_needs_a_reason_and_is_logged(ctx):
    case = accept()
    with pytest.raises(files.NoteRequired):
        files.set_urgent(case, True, "", None)
    files.set_urgent(case, True, "Untuk operasi besok", None)
    assert [(h.kind, h.value, h.note) for h in case.history][-1] == (
        "urgent",
        "1",
        "Untuk operasi besok",
    )


def test_intake_refuses_bad_data_with_a_message_per_field(ctx):
    ticket = issue_ticket("ktp-baru")
    with pytest.raises(files.InvalidIntake) as refused:
        files.accept_file(
            tracking_code=ticket.tracking_code,
            service_code=None,
            applicant={**APPLICANT, "nik": "3201013208450001", "rt": "abc", "phone": "12"},
            received=["KK"],
            missing=["KK"],
        )
    errors = refused.value.errors
    assert set(errors) == {"nik", "rt", "phone", "missing"}
    assert "bukan tanggal lahir" in errors["nik"]


def test_nik_from_papua_barat_daya_is_accepted(ctx):
    """Province 96 (Papua Barat Daya, 2022) is a real province code."""
    case = accept(nik="9601015708450002")
    assert case.tracking_code and case.flags == []


def test_birth_date_mismatch_is_accepted_with_a_visible_flag(app, client):
    """A NIK keeps its birth date when the date is corrected: the file is taken, and flagged."""
    from staff_support import login, seed

    seed(app)
    with app.test_request_context():
        update_office(current_office().id, {"region_code": "330101"})
        case = accept(birth_date="1945-08-18", sex="L")
        code, flags = case.tracking_code, case.flags
    assert flags == ["nik_birth_date", "nik_sex", "kk_region"]
    login(client, "petugas1")
    page = client.get(f"/berkas/{code}").get_data(as_text=True)
    assert 'data-flag="nik_birth_date"' in page and "Tanggal lahir beda dengan NIK" in page
    assert 'data-flag="kk_region"' in page


def test_one_file_per_ticket(ctx):
    case = accept()
    with pytest.raises(files.FileExists):
        files.accept_file(
            tracking_code=case.tracking_code,
            service_code=None,
            applicant=APPLICANT,
            received=[],
            missing=[],
        )


def test_history_is_append_only_in_the_database(ctx):
    case = accept()
    entry = case.history[0]
    for statement in (
        "UPDATE file_history SET note = 'x' WHERE id = :id",
        "DELETE FROM file_history WHERE id = :id",
    ):
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text(statement), {"id": entry.id})
        db.session.rollback()
    with pytest.raises(Exception, match="append-only"):
        entry.note = "rewritten"
        db.session.commit()
    db.session.rollback()
    assert db.session.get(FileHistory, entry.id).note is None


def test_no_route_can_edit_or_delete_history(app):
    for rule in app.url_map.iter_rules():
        if "history" in rule.rule or "riwayat" in rule.rule:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule.rule


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_api_refuses_to_change_history(ctx, client, method):
    case = accept()
    response = getattr(client, method)(f"/api/v1/files/{case.tracking_code}/history", json={})
    assert response.status_code == 405
    assert response.is_json
    assert len(case.history) == 1


def test_handover_is_traced_in_each_file(ctx):
    case = accept()
    batch = create_batch("Kecamatan Sukamaju", "Pak Budi", None, None)
    add_file(batch, case.tracking_code.lower(), None)
    send_batch(batch, None)
    return_batch(batch, "Bu Rina", None)
    notes = [h.note for h in case.history if h.kind == "handover"]
    assert notes == [
        "Masuk pengiriman #1 ke Kecamatan Sukamaju",
        "Dibawa ke Kecamatan Sukamaju oleh Pak Budi",
        "Kembali dari Kecamatan Sukamaju, dibawa Bu Rina",
    ]


@pytest.mark.parametrize(
    ("name", "masked"),
    [("Siti Wahyuni", "S***i W."), ("ahmad", "A***d"), ("Bu Rina Sari", "B***u R. S."), ("", "")],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_public_surfaces_never_show_nik_kk_or_full_name(ctx, client):
    case = accept(missing=["Kartu Keluarga (KK), fotokopi"])
    code = case.tracking_code
    public = [
        f"/s/{code}",
        f"/s/{code.lower()}",
        f"/api/v1/files/{code}",
        f"/api/v1/tickets/{code}",
        "/display",
        "/api/v1/display/state",
        "/",
        f"/tiket/{code}",
    ]
    for url in public:
        body = client.get(url).get_data(as_text=True)
        for secret in (NIK, KK, NAME, "Wahyuni", "Jl. Mawar"):
            assert secret not in body, f"{secret} leaked on {url}"
    assert "S***i W." in client.get(f"/s/{code}").get_data(as_text=True)


@pytest.mark.parametrize(
    "code", ["ZZZZ-ZZZZ-ZZZ", "nonsense", "'; DROP TABLE case_file;--", "A" * 300]
)
def test_unknown_or_malformed_codes_get_a_friendly_answer(client, code):
    page = client.get(f"/s/{code}")
    api = client.get(f"/api/v1/files/{code}")
    assert page.status_code == 404 and "Kode tidak ditemukan" in page.get_data(as_text=True)
    assert api.status_code == 404 and api.get_json()["error"] == "not_found"


def test_brute_force_hits_the_rate_limit(app, client):
    app.config["STATUS_RATE_LIMIT"] = "10 per minute"
    answers = [client.get(f"/s/AAAA-BBBB-{n:03d}").status_code for n in range(12)]
    assert answers[:10] == [404] * 10 and answers[10:] == [429, 429]
    assert client.get("/api/v1/files/AAAA-BBBB-000").status_code in (404, 429)


def test_file_receipt_and_slip_render_with_a_scannable_qr(ctx):
    """Tanda terima and perlu-dilengkapi slip: PNGs kept for review, QR = status URL."""
    import zxingcpp

    import printer
    from kiosk.files.receipt import file_receipt, file_status_url, incomplete_slip

    case = accept(missing=["Kartu Keluarga (KK), fotokopi"])
    folder = Path(__file__).parent / "artifacts" / "receipts"
    folder.mkdir(parents=True, exist_ok=True)
    for name, receipt in (
        ("file-receipt", file_receipt(case)),
        ("file-slip", incomplete_slip(case)),
    ):
        for paper in (printer.PAPER_58, printer.PAPER_80):
            image = printer.render_png(receipt, paper)
            image.save(folder / f"{name}-{paper.name}.png")
            assert [c.text for c in zxingcpp.read_barcodes(image)] == [file_status_url(case)]
        lines = [line.text for line in receipt.layout(printer.PAPER_58) if line.text]
        text = " ".join(" ".join(lines).split())  # wrapped lines read as one text
        assert NIK not in text and NAME not in text and "S***i W." in text
        assert "Kartu Keluarga (KK), fotokopi" in text


def test_kiosk_addresses_can_be_exempt_from_the_rate_limit(app, client):
    app.config["STATUS_RATE_LIMIT"] = "2 per minute"
    app.config["STATUS_RATE_LIMIT_EXEMPT"] = ["10.0.0.50"]
    kiosk = {"REMOTE_ADDR": "10.0.0.50"}
    assert {client.get("/s/AAAA-BBBB-CCC", environ_base=kiosk).status_code for _ in range(5)} == {
        404
    }
    phone = {"REMOTE_ADDR": "10.0.0.77"}
    answers = [client.get("/s/AAAA-BBBB-CCC", environ_base=phone).status_code for _ in range(3)]
    assert answers == [404, 404, 429]


def test_staff_flag_a_name_mismatch_from_the_file_page(app, client):
    """The detail page offers the flag; setting it is logged with the note."""
    from staff_support import login, seed

    seed(app)
    with app.test_request_context():
        case = accept()
        code = case.tracking_code
    login(client, "petugas1")
    response = client.get(f"/berkas/{code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, (
        response.status_code,
        page[page.find("data-error") :][:300],
    )
    assert 'data-form="mismatch"' in page
    response = client.post(f"/berkas/{code}/nama-beda", data={"value": "1", "reason": "KK: Sitti"})
    assert response.status_code == 200 and "data-mismatch" in response.get_data(as_text=True)
    with app.app_context():
        history = files.find_file(code).history
        assert (history[-1].kind, history[-1].value, history[-1].note) == (
            "mismatch",
            "1",
            "KK: Sitti",
        )


def test_intake_form_and_file_desk_render_for_staff(app, client):
    from staff_support import login, seed

    ids = seed(app)
    with app.test_request_context():
        code = issue_ticket("kk-baru").tracking_code
        call_next(get_counter(ids["Loket 2"]), None)  # Loket 2 calls KK
    login(client, "petugas2")
    intake = client.get(f"/berkas/terima/{code}")
    assert intake.status_code == 200 and 'data-form="intake"' in intake.get_data(as_text=True)
    assert client.get("/berkas").status_code == 200
    assert client.get("/berkas/serah-terima").status_code == 200
