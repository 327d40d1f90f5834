"""A NIK typed into the file search never reaches a URL (requests, redirects, history) or the
server log; the kepala sees that file with the NIK masked."""

from browser_support import log_in, shoot
from playwright.sync_api import expect

LAPTOP = {"width": 1366, "height": 768}
NIK = "3201014501900003"  # a woman born 05-01-1990
KK = "3201011503150007"
NAME = "Dewi Lestari Anggraini"


def walk_in_file(request, server) -> str:
    """A file with a NIK, accepted by the admin through the API (a walk-in); its code."""
    token = request.post(
        server.url + "/api/v1/auth/token", data={"username": "admin", "password": "satupintu"}
    ).json()["token"]
    response = request.post(
        server.url + "/api/v1/files",
        headers={"Authorization": f"Bearer {token}"},
        data={
            "service": "sktm",
            "applicant": {"nik": NIK, "kk": KK, "name": NAME, "address": "Kampung Cibodas"},
        },
    )
    assert response.status == 201, response.text()
    return response.json()["tracking_code"]


def test_nik_search_never_puts_the_nik_in_a_url(browser, demo_server):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    code = walk_in_file(page.request, demo_server)
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.on("response", lambda response: urls.append(response.headers.get("location", "")))
    page.on("framenavigated", lambda frame: urls.append(frame.url))  # what history holds
    log_in(page, demo_server, "petugas1")
    expect(page).to_have_url(demo_server.url + "/loket/1")
    page.goto(demo_server.url + "/berkas")
    page.locator("[data-file-search] input[name=q]").fill(NIK)
    page.locator("[data-file-search] button[type=submit]").click()
    expect(page.locator(f"[data-results] [data-file-link='{code}']")).to_be_visible()
    shoot(page, "files-search-nik")
    assert page.url == demo_server.url + "/berkas/cari"
    page.locator(f"[data-file-link='{code}']").click()
    expect(page.locator("[data-nik]")).to_have_text(NIK)

    assert any(url.endswith("/berkas/cari") for url in urls)
    leaks = [url for url in urls if NIK in url or KK in url]
    assert not leaks, leaks
    assert NIK not in demo_server.log.read_text(errors="replace")
    context.close()


def test_kepala_sees_the_file_with_a_masked_nik(browser, demo_server):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    code = walk_in_file(page.request, demo_server)
    log_in(page, demo_server, "kepala")
    page.goto(f"{demo_server.url}/berkas/{code}")
    expect(page.locator("[data-nik]")).to_have_text("3201**********03")
    expect(page.locator("[data-masked-note]")).to_be_visible()
    assert NIK not in page.content() and "Kampung Cibodas" not in page.content()
    shoot(page, "files-detail-kepala-masked")
    context.close()


def test_admin_sees_the_search_in_the_access_log_and_grants_full_view(browser, demo_server):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    walk_in_file(page.request, demo_server)
    log_in(page, demo_server, "petugas2")
    expect(page).to_have_url(demo_server.url + "/loket/2")
    page.goto(demo_server.url + "/berkas")
    page.locator("[data-file-search] input[name=q]").fill(KK)
    page.locator("[data-file-search] button[type=submit]").click()
    expect(page.locator("[data-results] [data-file-link]").first).to_be_visible()
    context.clear_cookies()

    log_in(page, demo_server, "admin")
    page.goto(demo_server.url + "/admin")
    page.locator("[data-access-link]").click()
    page.locator("[data-form=access-filter] select").select_option(label="petugas2")
    page.locator("[data-form=access-filter] button").click()
    newest = page.locator("[data-access-row]").first
    expect(newest).to_contain_text("Pencarian · menurut NIK/KK")
    expect(newest.locator("[data-access-user]")).to_have_text("petugas2")
    assert KK not in page.content() and NIK not in page.content()
    shoot(page, "admin-access-log")

    grant = page.locator("[data-grant-user=kepala]")
    grant.get_by_role("button", name="Beri izin lihat lengkap").click()
    expect(page.locator("[data-notice]")).to_contain_text("kepala sekarang melihat data pribadi")
    page.locator("[data-grant-user=kepala]").get_by_role("button", name="Cabut izin").click()
    expect(page.locator("[data-notice]")).to_contain_text("kembali melihat data pribadi tersamar")
    context.close()
