"""A tablet's backup file, end to end: a real Chromium tablet profile offline captures a
household and presses "Cadangkan data"; the downloaded file names no one and hides the NIK;
the admin uploads it at /admin/tablet and the office holds the household once; the tablet
syncs later and still nothing is duplicated."""

from __future__ import annotations

import json

import pytest
from browser_support import LiveServer, log_in, shoot
from field_support import RealOffice, dump, sync, wait_for_outbox
from playwright.sync_api import expect
from test_field_pwa_client import (  # noqa: F401  (tablet: the fixture)
    add_member,
    controlled,
    enrol,
    photo_files,
    request_first_service,
    tablet,
)

DESK = {"width": 1366, "height": 768}
NIK, NAME = "3201011203800007", "Bambang Wijaya"


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("field-backup")).start()
    yield RealOffice(server)
    server.stop()


def capture_household(page) -> tuple[str, str]:
    """A one-member household with a NIK and a document request with a photo for its head,
    queued offline; (household record id, request record id)."""
    page.get_by_role("link", name="Daftar keluarga baru").click()
    record_id = page.url.rsplit("/", 1)[1]
    page.locator('input[name="address"]').fill("Jl. Cempaka 3")
    page.locator('input[name="dusun"]').fill("Krajan")
    page.locator('input[name="rt"]').fill("004")
    page.locator('input[name="rw"]').fill("001")
    add_member(page, 0, NAME, NIK, "L", "1980-03-12", "kepala_keluarga")
    page.get_by_role("button", name="Simpan & kirim").click()
    expect(page.locator("p.status")).to_have_text("Menunggu dikirim")
    request_id, _code = request_first_service(page, NAME, photo_files((200, 120, 30)))
    page.get_by_role("link", name="Selesai").click()
    page.get_by_role("link", name="Beranda").click()
    return record_id, request_id


def test_backup_file_carries_unsent_work_to_the_office_once(office, tablet, browser, tmp_path):  # noqa: F811
    url = office.server.url
    page = tablet.open()
    controlled(page, url + "/field/")
    enrol(page, url, office.enrolment_code("Tablet Cadangan"))
    assert dump(page)["meta"]["backup_key"]["spki"]  # the office's public key, from enrolment

    tablet.context.set_offline(True)
    page.reload()
    household, request = capture_household(page)
    expect(page.locator("#pending-count")).to_have_text("2")
    expect(page.locator("#last-backup")).to_have_text("Cadangan terakhir: belum pernah")
    with page.expect_download() as event:
        page.get_by_role("button", name="Cadangkan data").click()
    download = event.value
    assert download.suggested_filename.startswith("satupintu-cadangan-")
    assert download.suggested_filename.endswith(".spcb")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = path.read_bytes()
    expect(page.locator("#backup-result")).to_have_text("Cadangan disimpan: 2 data, 1 foto")
    expect(page.locator("#last-backup")).not_to_contain_text("belum pernah")
    shoot(page, "field-backup-home")

    header_line, _newline, body = data.partition(b"\n")
    header = json.loads(header_line)
    assert header["format"] == "satupintu-backup" and header["version"] == 1
    assert header["counts"] == {"records": 2, "ops": 2, "drafts": 0, "photos": 1}
    assert set(header) == {
        "format", "version", "device_id", "exported_at", "counts", "key_id", "wrapped_key", "iv"
    }  # fmt: skip
    for secret in (NIK.encode(), NAME.encode(), b"Cempaka"):
        assert secret not in data and secret not in download.suggested_filename.encode()
    assert b'"fields"' not in body  # ciphertext, not the payload JSON

    staff = browser.new_context(viewport=DESK)
    try:
        desk = staff.new_page()
        log_in(desk, office.server, "admin1", office.PASSWORD)
        desk.goto(f"{url}/admin/tablet")
        desk.get_by_label("Berkas cadangan (.spcb)").set_input_files(str(path))
        desk.get_by_role("button", name="Unggah dan terima data").click()
        result = desk.locator("[data-notice]")
        expect(result.first).to_contain_text("2 data baru diterima, 0 sudah ada, 1 foto.")
        desk.locator("[data-backup-import]").scroll_into_view_if_needed()
        shoot(desk, "field-backup-admin-import")
        at_office = office.record(household)
        assert at_office["version"] == 1
        assert at_office["fields"]["members"][0]["nik"] == NIK
        assert office.record(request)["complete"] is True  # its photo came in the file

        desk.get_by_label("Berkas cadangan (.spcb)").set_input_files(str(path))
        desk.get_by_role("button", name="Unggah dan terima data").click()
        again = desk.locator("[data-notice]")
        expect(again.first).to_contain_text("0 data baru diterima, 2 sudah ada, 1 foto.")
    finally:
        staff.close()

    tablet.context.set_offline(False)
    sync(page)
    held = wait_for_outbox(page, every="done")
    assert [op["answer"]["version"] for op in held["outbox"]] == [1, 1]
    for record_id in (household, request):  # the sync was a replay, not a second copy
        assert office.record(record_id)["version"] == 1
