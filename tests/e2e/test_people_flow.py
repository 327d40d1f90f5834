"""People at the desk: an akta kelahiran for a baby with no NIK yet is taken in with the baby
as its subject; the family page, opened from the file, lists the baby."""

from __future__ import annotations

import pytest
from browser_support import LiveServer, kiosk_headers, log_in, shoot
from playwright.sync_api import expect

DESK = {"width": 1366, "height": 768}
MOTHER_NIK = "3201015708900002"  # a woman born 17-08-1990


@pytest.fixture(scope="module")
def people_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("people"), demo=True).start()
    yield server
    server.stop()


def test_birth_certificate_baby_joins_the_family(browser, people_server):
    server = people_server
    context = browser.new_context(viewport=DESK)
    page = context.new_page()
    ticket = page.request.post(
        server.url + "/api/v1/tickets",
        data={"service": "akta-kelahiran"},
        headers=kiosk_headers(server),
    ).json()
    log_in(page, server, "admin")
    page.goto(f"{server.url}/berkas/terima/{ticket['tracking_code']}")
    form = page.locator("[data-form=intake]")
    form.locator("#nik").fill(MOTHER_NIK)
    form.locator("#name").fill("Rahmawati")
    form.locator("#kk").fill("3201011508100003")
    form.locator("#address").fill("Kampung Cibodas")
    form.locator("#rt").fill("3")
    subject = page.locator("[data-subject=person]")
    expect(subject.locator("#subject-relation")).to_have_value("anak")  # the service's default
    subject.locator("#subject-nik_absent").select_option("belum_punya")
    subject.locator("#subject-name").fill("Bayi Rahma")
    subject.locator("#subject-sex").select_option("P")
    subject.locator("#subject-birth_date").fill("2026-11-20")
    subject.locator("#subject-birth_place").fill("Puskesmas Cibodas")
    subject.scroll_into_view_if_needed()
    shoot(page, "people-intake-subject")
    form.locator("[data-accept]").click()
    expect(page).to_have_url(f"{server.url}/berkas/{ticket['tracking_code']}?baru=1")
    expect(page.locator("[data-subject-link]")).to_contain_text("Bayi Rahma")
    page.locator("[data-people-links]").scroll_into_view_if_needed()
    shoot(page, "people-file-links")

    page.locator("[data-household-link]").click()
    members = page.locator("[data-members]")
    baby = members.locator("tr", has_text="Bayi Rahma")
    expect(baby).to_contain_text("Anak")
    expect(baby).to_contain_text("Belum punya NIK")
    expect(members.locator("tr", has_text="Rahmawati")).to_be_visible()
    expect(page.locator("[data-kk]")).to_have_text("3201011508100003")
    shoot(page, "people-household")

    baby.get_by_role("link", name="Bayi Rahma").click()
    expect(page.locator("[data-person-files]")).to_contain_text(ticket["tracking_code"])
    expect(page.locator("[data-nik-absent=belum_punya]")).to_be_visible()
    shoot(page, "people-person")
    context.close()
