"""The field app on a cheap tablet: Chromium with 4x CPU throttling and a 400 kbit/s, 400 ms RTT
network (Chrome DevTools Protocol), against the demo office served by `satupintu serve`.

Prints the targets of issue 12, point 8:
- first install usable (the enrolment screen ready, from a fresh profile): < 10 s; also when the
  service worker has precached the shell (the app then works offline);
- app start from cache with the network off (the home screen ready): < 1.5 s;
- the longest main-thread task while an officer types a household's address and a member's
  name: < 100 ms (PerformanceObserver "longtask");
- the app shell: <= 300 KB (the bytes the service worker precached, read back from its cache;
  the page's own first load is printed beside it as the network counted it).
The throttling applies to the page; the service worker's own precache fetches run unthrottled
(Playwright opens DevTools sessions on pages, not on service workers).

The app marks readiness with `performance.mark("sp-field-ready")` when its first screen is
interactive; the times below are read from that mark (navigation start = 0).

Usage: .venv/bin/python bench/field.py [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from _server import Server, machine
from playwright.sync_api import sync_playwright
from sync import admin_token, enrolment_code

CHROMIUM = "/usr/bin/chromium"
CPU_SLOWDOWN = 4
NETWORK = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}
TARGETS = {"install_s": 10.0, "offline_start_s": 1.5, "longest_task_ms": 100.0, "shell_kb": 300}
READY = "sp-field-ready"
LONG_TASKS = """
window.__longTasks = [];
try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: "longtask", buffered: true });
} catch (error) { /* not supported: reported as null */ }
"""
READY_AT = f"""() => new Promise((resolve) => {{
  const found = () => performance.getEntriesByName("{READY}")[0];
  if (found()) return resolve(found().startTime);
  new PerformanceObserver((list, observer) => {{
    const mark = list.getEntriesByName("{READY}")[0];
    if (mark) {{ observer.disconnect(); resolve(mark.startTime); }}
  }}).observe({{ type: "mark", buffered: true }});
}})"""


def throttle(context, page) -> object:
    """A CDP session on `page` with the CPU and the network of a cheap tablet on 3G."""
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    return cdp


def count_bytes(cdp, totals: dict) -> None:
    """Add every finished response's transferred bytes to totals["bytes"]."""

    def finished(event):
        totals["bytes"] += event.get("encodedDataLength", 0)

    cdp.on("Network.loadingFinished", finished)


SHELL_BYTES = """async () => {
  let total = 0;
  for (const name of await caches.keys()) {
    if (!name.startsWith("sp-field-")) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      total += (await (await cache.match(request)).arrayBuffer()).byteLength;
    }
  }
  return total;
}"""


def one_run(server: Server, code: str, profile: Path) -> dict:
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            viewport={"width": 800, "height": 1280},
            service_workers="allow",
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
        )
        try:
            context.add_init_script(LONG_TASKS)
            page = context.pages[0] if context.pages else context.new_page()
            totals = {"bytes": 0}
            count_bytes(throttle(context, page), totals)
            page.goto(f"{server.base_url}/field/#enrol={code}")
            install_ms = page.evaluate(READY_AT)
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            offline_ready_ms = page.evaluate("performance.now()")
            page_bytes = totals["bytes"]
            shell_bytes = page.evaluate(SHELL_BYTES)
            enrol(page)
            context.set_offline(True)
            start_ms = []
            for _ in range(3):
                page.reload()
                start_ms.append(page.evaluate(READY_AT))
            context.set_offline(False)
            longest = typing_long_task(page)
        finally:
            context.close()
    return {
        "install_s": round(install_ms / 1000, 2),
        "offline_ready_s": round(offline_ready_ms / 1000, 2),
        "offline_start_s": round(statistics.median(start_ms) / 1000, 2),
        "longest_task_ms": longest,
        "shell_kb": round(shell_bytes / 1000, 1),
        "first_load_kb": round(page_bytes / 1000, 1),
    }


def enrol(page) -> None:
    """Redeem the code the URL carried (the enrolment screen is filled from #enrol=)."""
    page.get_by_role("button", name="Daftarkan tablet").click()
    page.wait_for_selector("#pending-count", timeout=60_000)


def typing_long_task(page) -> float | None:
    """Open a new household form and type as an officer does; the longest task meanwhile."""
    page.locator("#new-household").click()
    address = page.get_by_label("Alamat", exact=False).first
    address.wait_for()
    page.evaluate("window.__longTasks = []")
    address.press_sequentially("Jalan Raya Sumberejo nomor 17, dekat masjid", delay=60)
    name = page.get_by_label("Nama lengkap").first
    if name.count():
        name.press_sequentially("Siti Aminah binti Kasdi", delay=60)
    tasks = page.evaluate("window.__longTasks")
    if not observer_works(page):
        raise RuntimeError("the longtask observer saw no 150 ms task: nothing was measured")
    # The browser reports only tasks over 50 ms: none means the longest was at most 50 ms.
    return round(max(tasks), 1) if tasks else 0.0


def observer_works(page) -> bool:
    """A deliberate 150 ms task must be reported, or the 0 above would mean nothing."""
    page.evaluate("window.__longTasks = []")
    # Scheduled as the page's own task (DevTools' evaluation itself is not reported).
    page.evaluate(
        "() => setTimeout(() => {"
        " const t = performance.now(); while (performance.now() - t < 150) {} })"
    )
    page.wait_for_function("() => window.__longTasks.length > 0", timeout=10_000)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="satupintu-bench-") as tmp:
        server = Server(Path(tmp) / "instance", setup="demo")
        server.start()
        try:
            admin, runs = admin_token(server), []
            for n in range(args.runs):
                code = enrolment_code(server, admin, f"tablet{n + 1}")
                runs.append(one_run(server, code, Path(tmp) / f"profile-{n}"))
        except Exception:
            print("".join(list(server.output)[-40:]), file=sys.stderr)
            raise
        finally:
            server.stop()
    worst = {
        key: max(r[key] for r in runs if r[key] is not None)
        for key in (
            "install_s",
            "offline_ready_s",
            "offline_start_s",
            "longest_task_ms",
            "shell_kb",
            "first_load_kb",
        )
    }
    ok = all(worst[key] < target for key, target in TARGETS.items() if key != "shell_kb") and (
        worst["shell_kb"] <= TARGETS["shell_kb"]
    )
    report = {"machine": machine(), "runs": runs, "worst": worst, "targets": TARGETS, "ok": ok}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"Chromium, CPU {CPU_SLOWDOWN}x slower, 400 kbit/s, 400 ms RTT; {args.runs} runs")
        for key, target in TARGETS.items():
            print(
                f"{key:>18}: worst {worst[key]:>8}  (target {'<=' if key == 'shell_kb' else '<'} "
                f"{target})"
            )
        print(f"{'offline_ready_s':>18}: worst {worst['offline_ready_s']:>8}  (shell precached)")
        print(f"{'first_load_kb':>18}: worst {worst['first_load_kb']:>8}  (page's own first load)")
        print("OK" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
