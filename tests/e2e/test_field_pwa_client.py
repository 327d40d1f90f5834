"""The field PWA in a real Chromium tablet profile against `satupintu serve`.

The app shell is served by the live server; the office's /api/v1 is the FakeOffice of
field_support (Playwright routing), so each client behaviour can be driven exactly: a captive
portal, a lost answer, a revoke, a wipe.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import LiveServer, log_in
from field_support import (
    ENROLMENT_CODE,
    PHONE,
    REVOKED_MESSAGE,
    TABLET,
    FakeOffice,
    RealOffice,
    dump,
    film_qr,
    jpeg,
    open_tablet,
    sync,
    wait_for_outbox,
)
from playwright.sync_api import expect

from kiosk import tracking

SHOTS = Path("/work/shots/pwa")


@pytest.fixture(scope="module")
def field_server(tmp_path_factory):
    """One server for the module (the shell is static; each test has its own tablet)."""
    server = LiveServer(tmp_path_factory.mktemp("field")).start()
    yield server
    server.stop()


@pytest.fixture
def tablet(browser_type, tmp_path):
    """A fresh tablet profile; `reopen()` closes the browser and starts it again on it."""

    class Tablet:
        def __init__(self):
            self.profile = tmp_path / "profile"
            self.context = None

        def open(self, office: FakeOffice | None = None, viewport: dict = TABLET, camera=None):
            self.context = open_tablet(browser_type, self.profile, viewport, camera)
            if office is not None:
                office.attach(self.context)
            return self.context.pages[0] if self.context.pages else self.context.new_page()

        def close(self):
            if self.context is not None:
                self.context.close()
                self.context = None

    made = Tablet()
    yield made
    made.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.screenshot(
        path=str(SHOTS / f"{name}-{size['width']}x{size['height']}.png"), full_page=True
    )


def controlled(page, url: str) -> None:
    """Open the app and wait until its service worker controls the page."""
    page.goto(url)
    page.evaluate("() => navigator.serviceWorker.ready")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.evaluate("() => window.__app.ready")


def enrol(page, url: str, code: str = ENROLMENT_CODE) -> None:
    """Open the link of the admin's QR (`/field/#enrol=<code>`) and confirm."""
    page.goto(url + "/field/#enrol=" + code)
    expect(page.locator("#enrol-code")).to_have_value(code)
    page.get_by_role("button", name="Daftarkan tablet").click()
    expect(page.locator("#sync-button")).to_be_visible()


def test_installable_and_starts_offline(field_server, tablet):
    page = tablet.open()
    url = field_server.url
    manifest = page.request.get(url + "/field/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    data = manifest.json()
    assert (data["name"], data["short_name"]) == ("Satu Pintu Lapangan", "SP Lapangan")
    assert (data["start_url"], data["scope"], data["display"]) == (
        "/field/",
        "/field/",
        "standalone",
    )
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in data["icons"]:
        assert page.request.get(url + icon["src"]).headers["content-type"] == "image/png"
    worker = page.request.get(url + "/field/sw.js")
    assert worker.headers["service-worker-allowed"] == "/field/"
    assert "no-store" in worker.headers["cache-control"]  # never served from an HTTP cache

    controlled(page, url + "/field/")
    build = worker.headers["x-field-build"]
    assert page.evaluate("() => caches.keys()") == [f"sp-field-{build}"]
    tablet.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Daftarkan tablet ini")).to_be_visible()
    assert page.evaluate("() => navigator.onLine") is False
    tablet.close()
    # A cold start offline: the browser closed, reopened with no network.
    page = tablet.open()
    tablet.context.set_offline(True)
    page.goto(url + "/field/")
    expect(page.get_by_role("heading", name="Daftarkan tablet ini")).to_be_visible()


def choose(page, name: str, value: str) -> None:
    """Pick an option of a select field (big buttons, or a list when there are many)."""
    control = page.locator(f'select[name="{name}"]')
    page.locator(f'select[name="{name}"], input[name="{name}"]').first.wait_for()
    if control.count():
        control.select_option(value)
    else:
        page.locator(f'input[name="{name}"][value="{value}"]').check()


def add_member(page, index: int, name: str, nik: str, sex: str, born: str, relation: str):
    if index:
        page.get_by_role("button", name="+ Tambah anggota").click()
    prefix = f"members.{index}."
    page.locator(f'input[name="{prefix}name"]').fill(name)
    choose(page, prefix + "nik_status", "ada")
    page.locator(f'input[name="{prefix}nik"]').fill(nik)
    choose(page, prefix + "sex", sex)
    page.locator(f'input[name="{prefix}birth_date"]').fill(born)
    choose(page, prefix + "relation", relation)


def photo_files(*colors):
    return [
        {"name": f"foto{i}.jpg", "mimeType": "image/jpeg", "buffer": jpeg(color)}
        for i, color in enumerate(colors)
    ]


def request_document(page, member: str, service: str, paper: str, photos: list) -> str:
    """From the household screen: a document request for `member`; the code shown."""
    item = page.locator(".item", has=page.locator(f'input[value="{member}"]'))
    item.get_by_role("button", name="Permohonan dokumen").click()
    choose(page, "service", service)
    page.locator(f'input[name="papers"][value="{paper}"]').check()
    page.locator('input[type="file"][name="photos"]').set_input_files(photos)
    expect(page.locator("canvas.thumb")).to_have_count(len(photos))
    shot(page, "document-request")
    page.get_by_role("button", name="Simpan & kirim").click()
    code = page.locator("#tracking-code")
    expect(code).to_be_visible()
    return code.inner_text().replace("\n", "-")


def test_enrol_by_scanning_the_admins_qr(field_server, tablet, tmp_path):
    office = FakeOffice()
    link = f"{field_server.url}/field/#enrol={ENROLMENT_CODE}"  # what the admin's QR holds
    page = tablet.open(office, camera=film_qr(tmp_path / "admin-screen.y4m", link))
    page.goto(field_server.url + "/field/")
    expect(page.locator("#enrol-code")).to_have_value("")
    shot(page, "enrol")
    page.get_by_role("button", name="Pindai QR dengan kamera").click()
    expect(page.locator("#enrol-code")).to_have_value(ENROLMENT_CODE)
    page.get_by_role("button", name="Daftarkan tablet").click()
    expect(page.locator("#who")).to_have_text("Siti Rahayu · Kantor Desa Sukamaju")


def test_capture_offline_then_sync_everything_once(field_server, tablet):
    office = FakeOffice()
    page = tablet.open(office)
    controlled(page, field_server.url + "/field/")
    enrol(page, field_server.url)
    expect(page.locator("#worklist")).to_contain_text("Bapak Sutrisno")
    expect(page.locator("#storage")).to_contain_text("Terpakai")
    meta = dump(page)["meta"]
    assert meta["persist_asked"] and "persisted" in meta  # asked once, right after enrolment
    assert meta["retention_days"] == 30 and meta["device_id"] == 7
    shot(page, "home")

    # A day without signal: the shell and the forms come from the tablet.
    office.offline = True
    tablet.context.set_offline(True)
    page.reload()
    page.get_by_role("link", name="Daftar keluarga baru").click()
    page.get_by_role("button", name="Simpan & kirim").click()  # nothing filled in yet
    expect(page.locator("#problems")).to_contain_text("isian yang ditandai merah")
    expect(page.locator('[data-field="address"] .error')).to_be_visible()
    page.locator('input[name="address"]').fill("Jl. Kenanga 12")
    page.locator('input[name="dusun"]').fill("Krajan")
    page.locator('input[name="rt"]').fill("003")
    page.locator('input[name="rw"]').fill("001")
    add_member(page, 0, "Budi Santoso", "3201011203800001", "L", "1980-03-12", "kepala_keluarga")
    add_member(page, 1, "Sri Wahyuni", "3201015507850002", "P", "1985-07-15", "istri")
    # A birth date that differs from the NIK's: a warning, as at the counter, never a block.
    add_member(page, 2, "Dewi Lestari", "3201014101100003", "P", "2010-01-02", "anak")
    page.get_by_role("button", name="Simpan & kirim").click()
    expect(page.locator('[data-field="members.2.nik"] .warning')).to_contain_text("NIK")
    assert dump(page)["outbox"] == []
    shot(page, "household")
    page.get_by_role("button", name="Tetap simpan & kirim").click()
    expect(page.locator("p.status")).to_have_text("Menunggu dikirim")

    codes = [request_document(page, "Budi Santoso", "KTP", "1", photo_files((200, 30, 30)))]
    shot(page, "doorstep")
    page.get_by_role("link", name="Selesai").click()
    photos = photo_files((30, 200, 30), (30, 30, 200))
    codes.append(request_document(page, "Dewi Lestari", "AKTA", "3", photos))
    page.get_by_role("link", name="Selesai").click()
    page.get_by_role("link", name="Kunjungan DTKS").click()
    choose(page, "outcome", "ditemui")
    page.locator('input[name="criteria_met"][value="k01"]').check()
    page.locator('input[type="file"][name="house_photos"]').set_input_files(
        photo_files((120, 120, 0))
    )
    expect(page.locator("canvas.thumb")).to_have_count(1)
    shot(page, "dtks-visit")
    page.get_by_role("button", name="Simpan & kirim").click()
    expect(page.locator("#pending-count")).to_have_text("4")

    held = dump(page)
    assert sorted(r["status"] for r in held["records"]) == ["queued"] * 4
    assert [op["state"] for op in held["outbox"]] == ["pending"] * 4
    assert len(held["blobs"]) == 4 and not any(b["uploaded"] for b in held["blobs"])
    assert office.ops == {}

    office.offline = False
    tablet.context.set_offline(False)  # the "online" event starts a sync
    held = wait_for_outbox(page, every="done")
    assert sorted(r["status"] for r in held["records"]) == ["synced"] * 4
    assert all(b["uploaded"] for b in held["blobs"])
    assert len(office.ops) == 4 and len(office.blobs) == 4
    assert office.count("PUT", "/api/v1/sync/ops/") == 4  # each op once
    # Every photo reached the office before the op naming it; every answer was "applied".
    assert {a["status"] for a in office.answers.values()} == {"applied"}
    sent_codes = sorted(
        body["fields"]["tracking_code"]
        for body in office.ops.values()
        if body["form"] == "document_request"
    )
    assert sent_codes == sorted(codes)
    for code in codes:
        assert tracking.normalise(code) == code  # the tablet's check symbol is the office's
    expect(page.locator("#pending-count")).to_have_text("0")  # drawn after the sync's pull
    assert office.pending_header[-1] == "0"  # the tablet told the office: nothing unsent
    expect(page.locator("#households li")).to_have_count(1)
    shot(page, "home-synced")
    page.set_viewport_size(PHONE)
    shot(page, "home-synced")


def queue_household(page, name: str) -> None:
    """Register a one-member household from the home screen and queue it."""
    page.get_by_role("link", name="Daftar keluarga baru").click()
    page.locator('input[name="address"]').fill("Jl. Melati 1")
    page.locator('input[name="dusun"]').fill("Krajan")
    page.locator('input[name="rt"]').fill("002")
    page.locator('input[name="rw"]').fill("001")
    add_member(page, 0, name, "3201011203800009", "L", "1980-03-12", "kepala_keluarga")
    page.get_by_role("button", name="Simpan & kirim").click()
    expect(page.locator("p.status")).to_have_text("Menunggu dikirim")
    page.get_by_role("link", name="Beranda").click()


def test_captive_portal_is_not_a_receipt_and_retries_back_off(field_server, tablet):
    office = FakeOffice()
    page = tablet.open(office)
    enrol(page, field_server.url)
    office.captive = True  # a hotspot's login page answers every request with 200 HTML
    queue_household(page, "Ahmad Fauzi")  # queuing starts a sync at once
    wait_for_outbox(page, some="retrying")  # the first try failed and was put back
    [op] = dump(page)["outbox"]
    assert op["attempts"] == 1
    assert op["state"] == "pending"
    assert "tidak dikenali" in op["last_error"]
    first_wait = op["next_attempt_at"] - page.evaluate("Date.now()")
    assert 0 < first_wait <= 5000  # a 5 s step, jittered down to half at most
    puts = office.count("PUT", "/api/v1/sync/ops/")
    sync(page, force=False)  # a timer or reconnect trigger respects the backoff
    assert office.count("PUT", "/api/v1/sync/ops/") == puts
    waits = []
    for _ in range(3):  # the button forces a try; each failure doubles the step
        sync(page)
        [op] = dump(page)["outbox"]
        waits.append(op["next_attempt_at"] - page.evaluate("Date.now()"))
    assert op["attempts"] == 4 and op["state"] == "pending"
    assert 20000 <= waits[-1] <= 40000  # 40 s step for the 4th attempt
    assert office.ops == {}  # nothing reached the office through the portal
    office.captive = False
    summary = sync(page)
    assert summary["sent"] == 1
    [op] = dump(page)["outbox"]
    assert op["state"] == "done" and len(office.ops) == 1


def test_lost_answer_and_closed_browser_resend_exactly_once(field_server, tablet):
    office = FakeOffice()
    page = tablet.open(office)
    enrol(page, field_server.url)
    office.offline = True
    queue_household(page, "Rina Marlina")
    queue_household(page, "Joko Susilo")
    office.offline = False
    office.lose_answers = 1  # the office commits the first op, the answer never arrives
    first = min(dump(page)["outbox"], key=lambda op: op["created_at"])
    # Meanwhile the office changed that household: the pull must not overwrite unsent work.
    office_copy = {**first["body"]["fields"], "address": "Jl. Kantor 1"}
    office.changed_records = [
        {"record_id": first["record_id"], "form": "household", "form_version": 1,
         "version": 5, "fields": office_copy, "flags": []}
    ]  # fmt: skip
    summary = sync(page)
    assert (summary["sent"], summary["retry"]) == (1, 1)
    assert len(office.ops) == 2
    mine = next(r for r in dump(page)["records"] if r["record_id"] == first["record_id"])
    assert mine["fields"] == first["body"]["fields"] and mine["server_changed"] == 5

    # The browser is closed in the middle of a send: an op left `sending`.
    office.offline = True
    hold = []
    tablet.context.unroute("**/api/v1/**")
    tablet.context.route("**/api/v1/sync/ops/**", lambda route: hold.append(route))
    page.evaluate("() => { window.__app.sync({force: true}); }")
    wait_for_outbox(page, some="sending")
    tablet.close()
    office.offline = False
    page = tablet.open(office)
    page.goto(field_server.url + "/field/")
    wait_for_outbox(page, every="done")
    assert len(office.ops) == 2  # two records, each applied once
    assert office.count("PUT", "/api/v1/sync/ops/") == 3  # 2 first tries, then 1 replay
    statuses = sorted(r["status"] for r in dump(page)["records"])
    assert statuses == ["synced", "synced"]


def test_revoked_tablet_keeps_its_data_and_a_wipe_clears_it(field_server, tablet):
    office = FakeOffice()
    page = tablet.open(office)
    controlled(page, field_server.url + "/field/")
    enrol(page, field_server.url)
    office.revoked = True
    queue_household(page, "Wati Handayani")  # the office keeps it in quarantine, says 403
    expect(page.locator("#revoked")).to_contain_text(REVOKED_MESSAGE)
    queue_household(page, "Yusuf Hidayat")
    summary = sync(page)
    assert summary["stopped"] == "revoked"
    held = dump(page)
    assert len(held["records"]) == 2  # nothing deleted on the tablet
    assert sorted(r["status"] for r in held["records"]) == ["needs_review", "needs_review"]
    assert {op["answer"]["status"] for op in held["outbox"]} == {"quarantined"}
    assert set(office.quarantined) == {op["op_id"] for op in held["outbox"]}
    assert office.ops == {}
    page.get_by_role("link", name="Perlu tindakan (2)").click()
    expect(page.locator("#action-list li")).to_have_count(2)
    shot(page, "revoked")

    office.wipe = True
    assert sync(page)["stopped"] == "wiped"
    expect(page.get_by_role("heading", name="Tablet ini sudah dihapus datanya")).to_be_visible()
    names = page.evaluate("() => indexedDB.databases().then((all) => all.map((d) => d.name))")
    assert "satupintu-field" not in names
    assert page.evaluate("() => navigator.serviceWorker.getRegistrations()") == []
    assert page.evaluate("() => caches.keys()") == []


def test_new_version_keeps_drafts_and_queued_records(field_server, tablet):
    office = FakeOffice()
    page = tablet.open(office)
    controlled(page, field_server.url + "/field/")
    enrol(page, field_server.url)
    office.offline = True
    queue_household(page, "Lina Marlina")  # queued, not sent
    page.get_by_role("link", name="Daftar keluarga baru").click()
    page.locator('input[name="address"]').fill("Jl. Anggrek 9")  # a draft, open on screen
    draft_url = page.url
    wait_for_outbox(page, some="retrying")
    old_cache = page.evaluate("() => caches.keys()")

    field_server.env["SATUPINTU_FIELD_BUILD_SALT"] = "next-build"
    field_server.restart()
    page.evaluate("() => navigator.serviceWorker.getRegistration().then((r) => r.update())")
    expect(page.locator("#update-banner")).to_contain_text("Versi baru tersedia")
    shot(page, "update")
    assert page.locator('input[name="address"]').input_value() == "Jl. Anggrek 9"
    with page.expect_event("load"):
        page.locator("#update-now").click()
    page.evaluate("() => window.__app.ready")
    new_cache = page.evaluate("() => caches.keys()")
    assert len(new_cache) == 1 and new_cache != old_cache  # the old shell is gone
    assert page.url == draft_url
    expect(page.locator('input[name="address"]')).to_have_value("Jl. Anggrek 9")
    held = dump(page)
    assert sorted(r["status"] for r in held["records"]) == ["draft", "queued"]
    [op] = held["outbox"]
    office.offline = False
    # The app's own retry timer may send it a moment before this sync does: what counts is
    # that the office got the queued record exactly once and the outbox holds it as done.
    sync(page)
    wait_for_outbox(page, every="done")
    assert list(office.ops) == [op["op_id"]]


@pytest.fixture(scope="module")
def real_office(tmp_path_factory):
    """The real sync API with its test-only fault switch, and an admin and a field officer."""
    server = LiveServer(tmp_path_factory.mktemp("field-office"), SYNC_FAULTS="1").start()
    yield RealOffice(server)
    server.stop()


def first_choice(page, name: str) -> str:
    """Choose the first option of a select field (services come from the office catalogue)."""
    control = page.locator(f'select[name="{name}"]')
    page.locator(f'select[name="{name}"], input[name="{name}"]').first.wait_for()
    if control.count():
        value = control.locator("option").nth(1).get_attribute("value")
    else:
        value = page.locator(f'input[name="{name}"]').first.get_attribute("value")
    choose(page, name, value)
    return value


def request_first_service(page, member: str, photos: list) -> tuple[str, str]:
    """A document request for the member's first catalogue service; (record id, code)."""
    item = page.locator(".item", has=page.locator(f'input[value="{member}"]'))
    item.get_by_role("button", name="Permohonan dokumen").click()
    first_choice(page, "service")
    papers = page.locator('input[name="papers"]')
    if papers.count():
        papers.first.check()
    page.locator('input[type="file"][name="photos"]').set_input_files(photos)
    expect(page.locator("canvas.thumb")).to_have_count(len(photos))
    page.get_by_role("button", name="Simpan & kirim").click()
    code = page.locator("#tracking-code")
    expect(code).to_be_visible()
    record_id = page.url.rsplit("/", 1)[1]
    return record_id, code.inner_text().replace("\n", "-")


def test_real_office_receives_everything_once_despite_lost_answers_and_photos(
    real_office, tablet, browser
):
    url = real_office.server.url
    page = tablet.open()
    controlled(page, url + "/field/")
    enrol(page, url, real_office.enrolment_code())
    forms = {(f["id"], f["version"]) for f in dump(page)["forms"]}
    assert {("household", 1), ("document_request", 1), ("dtks_visit", 1)} <= forms

    tablet.context.set_offline(True)
    page.reload()
    page.get_by_role("link", name="Daftar keluarga baru").click()
    household = page.url.rsplit("/", 1)[1]
    page.locator('input[name="address"]').fill("Jl. Kenanga 12")
    page.locator('input[name="dusun"]').fill("Krajan")
    page.locator('input[name="rt"]').fill("003")
    page.locator('input[name="rw"]').fill("001")
    add_member(page, 0, "Budi Santoso", "3201011203800001", "L", "1980-03-12", "kepala_keluarga")
    add_member(page, 1, "Sri Wahyuni", "3201015507850002", "P", "1985-07-15", "istri")
    add_member(page, 2, "Dewi Lestari", "3201014101100003", "P", "2010-01-01", "anak")
    page.get_by_role("button", name="Simpan & kirim").click()
    expect(page.locator("p.status")).to_have_text("Menunggu dikirim")
    requests = [request_first_service(page, "Budi Santoso", photo_files((200, 30, 30)))]
    page.get_by_role("link", name="Selesai").click()
    photos = photo_files((30, 200, 30), (30, 30, 200))
    requests.append(request_first_service(page, "Dewi Lestari", photos))
    page.get_by_role("link", name="Selesai").click()
    page.get_by_role("link", name="Kunjungan DTKS").click()
    choose(page, "outcome", "tidak_ditemui")
    page.get_by_role("button", name="Simpan & kirim").click()
    expect(page.locator("#pending-count")).to_have_text("4")

    # Back in signal, but the office loses the first answer and breaks a photo upload twice.
    tablet.context.route("**/api/v1/**", lambda route: route.abort("internetdisconnected"))
    tablet.context.set_offline(False)
    wait_for_outbox(page, every="retrying")  # the "online" event's sync met no network
    tablet.context.unroute("**/api/v1/**")
    real_office.fault("ops", "commit_then_drop", 1)
    # The first request's only photo breaks off on every try of this sync (Chromium itself
    # re-sends a PUT whose connection drops, so the server's one-shot switch would not hold).
    ops = {op["record_id"]: op for op in dump(page)["outbox"]}
    [first_photo] = ops[requests[0][0]]["body"]["blobs"]
    broken = f"**/api/v1/sync/blobs/{first_photo}"
    tablet.context.route(broken, lambda route: route.abort("connectionreset"))
    sync(page)
    tablet.context.unroute(broken)
    held = dump(page)
    states = {op["record_id"]: op["state"] for op in held["outbox"]}
    assert real_office.armed()["ops"]["times"] == 0  # the office committed and lost the answer
    # The app resends on its next sync; Chromium's network stack may already have resent the
    # PUT itself on a fresh connection (it does so for idempotent methods), getting the replay.
    assert states[household] in ("pending", "done")
    assert states[requests[0][0]] == "awaiting_blobs"
    assert states[requests[1][0]] == "done"
    status = {r["record_id"]: r["status"] for r in held["records"]}
    assert status[requests[0][0]] == "awaiting_photos"
    assert real_office.record(requests[0][0])["complete"] is False

    sync(page)
    held = wait_for_outbox(page, every="done")
    assert all(blob["uploaded"] for blob in held["blobs"]) and len(held["blobs"]) == 3
    made_here = {op["record_id"] for op in held["outbox"]}
    assert len(made_here) == 4
    for record in (r for r in held["records"] if r["record_id"] in made_here):
        at_office = real_office.record(record["record_id"])
        assert at_office["version"] == 1  # applied exactly once, resends were replays
        assert at_office["complete"] is True
        assert at_office["fields"] == record["fields"]
    for _record_id, code in requests:
        status_page = page.request.get(f"{url}/s/{code}")
        assert status_page.status == 200
        assert code in status_page.text()
    found_at_the_kiosk_and_the_desk(real_office, browser, [code for _, code in requests])


def found_at_the_kiosk_and_the_desk(office: RealOffice, browser, codes: list[str]) -> None:
    """The doorstep codes work at the paired kiosk (scanned: /cek?kode=) and the staff see the
    field files on their own desk list and open each by its code."""
    server = office.server
    kiosk = server.kiosk_context(browser)
    screen = kiosk.new_page()
    for code in codes:
        screen.goto(f"{server.url}/cek?kode={code}")
        expect(screen).to_have_url(f"{server.url}/s/{code}")
        expect(
            screen.get_by_text(code.replace("-", " ")).or_(screen.get_by_text(code))
        ).to_be_visible()
    kiosk.close()
    staff = browser.new_context()
    desk = staff.new_page()
    log_in(desk, server, "admin1", office.PASSWORD)
    desk.goto(f"{server.url}/lapangan/berkas")
    for code in codes:
        expect(desk.get_by_text(code).first).to_be_visible()
        desk.goto(f"{server.url}/berkas/cari?q={code}")
        expect(desk.get_by_text(code).first).to_be_visible()
        expect(desk.locator("[data-file-field] img.thumb").first).to_be_visible()
        desk.get_by_role("button", name="Tanda terima berkas").click()  # the office prints it
        expect(desk.locator("[data-notice]")).to_contain_text("printer")
        desk.goto(f"{server.url}/lapangan/berkas")
    staff.close()


def test_two_tablets_edit_one_household_offline_both_kept_and_the_clash_flagged(
    real_office, browser_type, browser, tmp_path
):
    """Tablet A registers a household; the office assigns it; A and B both edit it offline:
    the different fields both arrive, the address both changed keeps A's (first) value, is
    flagged and waits in the review queue with B's value beside it."""
    url = real_office.server.url
    first = open_tablet(browser_type, tmp_path / "tablet-a")
    second = open_tablet(browser_type, tmp_path / "tablet-b")
    staff = browser.new_context()
    try:
        a, b = first.new_page(), second.new_page()
        for page, name in ((a, "Tablet A"), (b, "Tablet B")):
            controlled(page, url + "/field/")
            enrol(page, url, real_office.enrolment_code(name))

        a.get_by_role("link", name="Daftar keluarga baru").click()
        household = a.url.rsplit("/", 1)[1]
        for name, value in (("address", "Jl. Melati 5"), ("dusun", "Kulon"), ("rt", "002")):
            a.locator(f'input[name="{name}"]').fill(value)
        a.locator('input[name="rw"]').fill("004")
        a.locator('input[name="members.0.name"]').fill("Sumarni")
        choose(a, "members.0.nik_status", "belum_punya")
        choose(a, "members.0.sex", "P")
        a.locator('input[name="members.0.birth_date"]').fill("1961-07-17")
        choose(a, "members.0.relation", "kepala_keluarga")
        a.get_by_role("button", name="Simpan & kirim").click()
        sync(a)
        wait_for_outbox(a, every="done")

        desk = staff.new_page()
        log_in(desk, real_office.server, "admin1", real_office.PASSWORD)
        desk.goto(f"{url}/lapangan/tugas?nama=Sumarni")
        assign = desk.locator("form[data-form=assign]")
        expect(assign.locator("[data-households] tbody tr")).to_have_count(1)
        assign.get_by_label("Petugas lapangan").select_option(label="Petugas lapangan1 (lapangan1)")
        assign.get_by_role("button", name="Tugaskan yang dicentang").click()
        expect(desk.get_by_text("1 keluarga ditugaskan.")).to_be_visible()
        sync(b)
        expect(b.get_by_role("link", name=re.compile("Jl. Melati 5"))).to_be_visible()

        first.set_offline(True)
        second.set_offline(True)
        edits = (
            (a, {"address": "Jl. Melati 5A", "phone": "081234567890"}),
            (b, {"address": "Jl. Melati 5B (dekat balai dusun)", "rt": "003"}),
        )
        for page, values in edits:
            page.evaluate(f"location.hash = '#/keluarga/{household}'")
            expect(page.locator('input[name="address"]')).to_have_value("Jl. Melati 5")
            for name, value in values.items():
                page.locator(f'input[name="{name}"]').fill(value)
            if "phone" in values:
                choose(page, "sms_consent", "ya")
            page.get_by_role("button", name="Simpan & kirim perubahan").click()
            expect(page.locator("p.status")).to_have_text("Menunggu dikirim")
        for context, page in ((first, a), (second, b)):
            context.set_offline(False)
            sync(page)
            wait_for_outbox(page, every="done")

        held = real_office.record(household)
        assert held["version"] == 3
        assert held["fields"]["address"] == "Jl. Melati 5A"  # the first change is kept
        assert held["fields"]["phone"] == "081234567890"  # A's other field
        assert held["fields"]["rt"] == "003"  # B's other field
        assert "conflict" in held["flags"]
        records = {r["record_id"]: r for r in dump(b)["records"]}
        assert records[household]["status"] == "needs_review"
        desk.goto(f"{url}/lapangan/tinjau")
        clash = desk.locator("section, article, .card").filter(has_text="Jl. Melati 5B")
        expect(clash.get_by_text("Jl. Melati 5A").first).to_be_visible()
        expect(clash.get_by_text("Jl. Melati 5B (dekat balai dusun)").first).to_be_visible()
    finally:
        staff.close()
        first.close()
        second.close()


def queue_household_without_nik(page, name: str) -> None:
    """A one-member household whose member has no NIK yet, queued from the home screen."""
    page.get_by_role("link", name="Daftar keluarga baru").click()
    for field, value in (("address", "Jl. Anggrek 9"), ("dusun", "Wetan"), ("rt", "005")):
        page.locator(f'input[name="{field}"]').fill(value)
    page.locator('input[name="rw"]').fill("002")
    page.locator('input[name="members.0.name"]').fill(name)
    choose(page, "members.0.nik_status", "belum_punya")
    choose(page, "members.0.sex", "P")
    page.locator('input[name="members.0.birth_date"]').fill("1990-02-01")
    choose(page, "members.0.relation", "kepala_keluarga")
    page.get_by_role("button", name="Simpan & kirim").click()
    expect(page.locator("p.status")).to_have_text("Menunggu dikirim")
    page.get_by_role("link", name="Beranda").click()


def test_real_office_revoke_keeps_data_in_quarantine_and_a_wipe_clears_the_tablet(
    real_office, tablet, browser
):
    """The admin revokes a tablet holding unsent work: the tablet is refused with the message and
    keeps everything; what it still sends waits in the review queue; after a confirmed wipe the
    tablet's next contact clears its database, caches and service worker."""
    url = real_office.server.url
    page = tablet.open()
    controlled(page, url + "/field/")
    enrol(page, url, real_office.enrolment_code("Tablet Wetan"))
    tablet.context.set_offline(True)
    queue_household_without_nik(page, "Wati Handayani")

    staff = browser.new_context()
    try:
        desk = staff.new_page()
        log_in(desk, real_office.server, "admin1", real_office.PASSWORD)
        desk.goto(f"{url}/admin/tablet")
        row = desk.locator("[data-tablet]", has_text="Tablet Wetan")
        row.get_by_role("button", name="Cabut").click()
        desk.get_by_role("button", name="Ya, cabut akses").click()
        expect(row).to_have_attribute("data-tablet-state", "revoked")

        tablet.context.set_offline(False)
        assert sync(page)["stopped"] == "revoked"
        expect(page.locator("#revoked")).to_contain_text(REVOKED_MESSAGE)
        held = dump(page)
        [op] = held["outbox"]
        assert op["answer"]["status"] == "quarantined"
        mine = next(r for r in held["records"] if r["record_id"] == op["record_id"])
        assert mine["status"] == "needs_review"  # kept on the tablet
        desk.goto(f"{url}/lapangan/tinjau")
        held_back = desk.locator(".card").filter(has_text="Dari tablet yang dicabut")
        expect(held_back.get_by_text("Wati Handayani").first).to_be_visible()

        desk.goto(f"{url}/admin/tablet")
        row.get_by_role("button", name="Hapus data").click()
        desk.get_by_role("button", name="Ya, hapus data tablet").click()
        expect(row).to_have_attribute("data-tablet-state", "wipe_asked")
        assert sync(page)["stopped"] == "wiped"
        expect(page.get_by_role("heading", name="Tablet ini sudah dihapus datanya")).to_be_visible()
        names = page.evaluate("() => indexedDB.databases().then((all) => all.map((d) => d.name))")
        assert "satupintu-field" not in names
        assert page.evaluate("() => caches.keys()") == []
        desk.reload()
        expect(row).to_have_attribute("data-tablet-state", "wiped")
    finally:
        staff.close()


def test_real_office_browser_closed_mid_sync_completes_once_on_reopening(real_office, tablet):
    """The browser is closed while an op is on its way; reopened, the tablet sends it again and
    the office holds each record once."""
    url = real_office.server.url
    page = tablet.open()
    controlled(page, url + "/field/")
    enrol(page, url, real_office.enrolment_code("Tablet Lor"))
    tablet.context.set_offline(True)
    queue_household_without_nik(page, "Rina Marlina")
    queue_household_without_nik(page, "Joko Susilo")
    queued = {op["record_id"] for op in dump(page)["outbox"]}
    assert len(queued) == 2

    held = []  # the requests reach the network layer and never get an answer
    tablet.context.route("**/api/v1/sync/ops/**", lambda route: held.append(route))
    tablet.context.set_offline(False)
    page.evaluate("() => { window.__app.sync({force: true}); }")
    wait_for_outbox(page, some="sending")
    tablet.close()

    page = tablet.open()
    page.goto(url + "/field/")
    held_now = wait_for_outbox(page, every="done")
    assert {op["record_id"] for op in held_now["outbox"]} == queued
    for record_id in queued:
        at_office = real_office.record(record_id)
        assert (at_office["version"], at_office["complete"]) == (1, True)
