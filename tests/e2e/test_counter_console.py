"""A petugas at the counter console: log in, call, recall, mark absent, transfer, break."""

from browser_support import LANDSCAPE, log_in, shoot, take_by_api
from playwright.sync_api import expect

LAPTOP = {"width": 1366, "height": 768}


def test_login_page_refuses_wrong_password(browser, demo_server):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(demo_server.url + "/loket")
    expect(page).to_have_url(demo_server.url + "/masuk?next=/loket")
    shoot(page, "staff-login")
    page.get_by_label("Nama pengguna").fill("petugas1")
    page.get_by_label("Kata sandi").fill("salah-sekali")
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator("[data-error]")).to_contain_text("salah")
    context.close()


def test_console_serves_a_morning(browser, demo_server):
    """Call, recall, absent (confirmed), call next while serving (asks first), put the absent
    citizen back in line, call them again with their history, transfer, break."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    first = take_by_api(page.request, demo_server, "ktp-baru")
    second = take_by_api(page.request, demo_server, "kia")
    log_in(page, demo_server, "petugas1")
    expect(page).to_have_url(demo_server.url + "/loket/1")
    expect(page.locator(f"[data-waiting-number='{first}']")).to_be_visible()
    shoot(page, "counter-console-idle")

    page.locator("[data-action=call-next]").click()
    expect(page.locator("[data-current-number]")).to_have_text(first)
    expect(page.locator("[data-notice]")).to_contain_text(f"{first} dipanggil")
    no_show = page.locator("[data-action=no-show]")
    expect(no_show).to_be_disabled()
    page.locator("[data-action=recall]").click()
    expect(page.locator("[data-notice]")).to_contain_text("dipanggil ulang")
    page.locator("[data-action=recall]").click()
    expect(no_show).to_be_enabled()
    no_show.click()
    page.locator("[data-confirm=tidak-hadir] [data-confirm-choice=yes]").click()
    expect(page.locator("[data-notice]")).to_contain_text("tidak hadir")
    expect(page.locator(f"[data-no-show-number='{first}']")).to_be_visible()

    page.locator("[data-action=call-next]").click()
    expect(page.locator("[data-current-number]")).to_have_text(second)
    page.locator("[data-action=start]").click()
    expect(page.locator("[data-current]")).to_contain_text("Sedang dilayani")
    shoot(page, "counter-console-serving")
    page.set_viewport_size(LANDSCAPE)
    shoot(page, "counter-console-serving")
    page.set_viewport_size(LAPTOP)

    # "Panggil Berikutnya" while serving asks first; Batal leaves everything as it was.
    page.locator("[data-action=call-next]").click()
    expect(page.locator("[data-confirm=panggil]")).to_contain_text(second)
    shoot(page, "counter-console-confirm")
    page.locator("[data-confirm-choice=cancel]").click()
    expect(page.locator("[data-confirm]")).to_have_count(0)
    expect(page.locator("[data-current-number]")).to_have_text(second)

    # The absent citizen arrives: back in line, then called again with both steps in history.
    page.locator(f"[data-no-show-number='{first}'] [data-action=requeue]").click()
    expect(page.locator("[data-notice]")).to_contain_text(f"{first} dikembalikan ke antrean")
    expect(page.locator(f"[data-waiting-number='{first}']")).to_be_visible()
    page.locator("[data-action=call-next]").click()
    page.locator("[data-confirm=panggil] [data-confirm-choice=finish]").click()
    expect(page.locator("[data-current-number]")).to_have_text(first)
    history = page.locator("[data-ticket-history]")
    expect(history.locator("[data-history-kind=no_show]")).to_be_visible()
    expect(history.locator("[data-history-kind=requeue]")).to_be_visible()
    shoot(page, "counter-console-called-again")

    # Transfer to Loket 2: the number stays the same.
    page.locator("[data-form=transfer] select").select_option(label="Loket 2")
    page.locator("[data-form=transfer] button").click()
    expect(page.locator("[data-notice]")).to_contain_text(f"{first} dialihkan")
    state = page.request.get(demo_server.url + "/api/v1/display/state").json()
    assert all(counter["current"] is None for counter in state["counters"] if counter["id"] == 1)

    page.locator("[data-action=call-next]").click()
    expect(page.locator("[data-error]")).to_contain_text("Tidak ada antrean")
    expect(page.locator("[data-action=finish]")).to_be_disabled()  # nothing left to finish
    page.locator("[data-action=break]").click()
    expect(page.locator("[data-on-break]")).to_be_visible()
    expect(page.locator("[data-action=call-next]")).to_be_disabled()
    shoot(page, "counter-console-break")
    page.locator("[data-action=resume]").click()
    expect(page.locator("[data-on-break]")).to_have_count(0)
    context.close()


def test_waiting_list_refreshes_without_reload(browser, demo_server):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    log_in(page, demo_server, "petugas2")
    expect(page).to_have_url(demo_server.url + "/loket/2")
    number = take_by_api(page.request, demo_server, "kk-baru")
    expect(page.locator(f"[data-waiting-number='{number}']")).to_be_visible(timeout=5000)
    context.close()


def test_call_specific_number_needs_a_reason(browser, demo_server):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    take_by_api(page.request, demo_server, "akta-kelahiran")
    later = take_by_api(page.request, demo_server, "akta-kelahiran")
    log_in(page, demo_server, "admin")
    page.goto(demo_server.url + "/loket/3")
    form = page.locator("[data-form=call-specific]")
    form.get_by_label("Nomor").fill(later)
    form.get_by_role("button", name="Panggil").click()
    expect(page.locator("[data-form=call-specific] .field-error")).to_contain_text("alasan")
    form = page.locator("[data-form=call-specific]")
    form.get_by_label("Nomor").fill(later)
    form.get_by_label("Alasan").fill("ibu membawa bayi sakit")
    form.get_by_role("button", name="Panggil").click()
    expect(page.locator("[data-current-number]")).to_have_text(later)
    context.close()


def test_admin_and_statistics_pages(browser, demo_server):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    log_in(page, demo_server, "admin")
    page.goto(demo_server.url + "/admin")
    page.locator("[data-form=counter] button").click()
    expect(page.locator("[data-form=counter] .field-error").first).to_be_visible()
    shoot(page, "admin-page")
    page.goto(demo_server.url + "/statistik")
    expect(page.locator("[data-totals]")).to_be_visible()
    shoot(page, "counter-statistics")
    context.close()
