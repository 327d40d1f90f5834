"""The printer monitor: the state of every watched printer, kept in the serving process's memory.

Two sources feed it: a probe of every watched printer every CHECK_SECONDS (`check_printers`, one
step; the monitor thread repeats it), and each job's outcome (`note_job_outcome`: a failed job
marks its printer offline or out of paper at once, a printed one marks it online). A probe that
cannot tell (USB, serial, CUPS: "unknown") never hides what the last job found out.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask

import printer
from kiosk import clock
from kiosk.blocking import off_the_hub
from kiosk.extensions import db
from kiosk.printing.places import watched_printers

log = logging.getLogger("satupintu.printer")
STATES_KEY = "satupintu.printer_states"
MONITOR_KEY = "satupintu.printer_monitor"
CHECK_SECONDS = 2.0
PROBE_TIMEOUT = 1.0


@dataclass(frozen=True)
class PrinterState:
    """A printer's last known health, since when, and who said so ("probe" or "job")."""

    health: printer.PrinterHealth
    since: dt.datetime
    source: str


class PrinterStates:
    """Printer URL -> PrinterState, shared by the monitor, the print worker and the views."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._states: dict[str, PrinterState] = {}
        self._printing: dict[str, int] = {}  # URL -> jobs printing there now

    @contextmanager
    def printing(self, url: str) -> Iterator[None]:
        """While a job prints on `url`, probes leave it alone: many network printers take one
        connection at a time, and a probe would fail (or delay the job) for nothing."""
        with self._lock:
            self._printing[url] = self._printing.get(url, 0) + 1
        try:
            yield
        finally:
            with self._lock:
                self._printing[url] -= 1
                if not self._printing[url]:
                    del self._printing[url]

    def is_printing(self, url: str) -> bool:
        with self._lock:
            return url in self._printing

    def get(self, url: str) -> PrinterState | None:
        with self._lock:
            return self._states.get(url)

    def wait_for(self, url: str, timeout: float) -> PrinterState | None:
        """The state of `url` once one is known, waiting up to `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: url in self._states, timeout)
            return self._states.get(url)

    def record(self, url: str, health: printer.PrinterHealth, source: str) -> None:
        """Keep `health` for `url`; "unknown" from a probe leaves a known state alone."""
        with self._changed:
            self._changed.notify_all()
            known = self._states.get(url)
            if health.state == printer.UNKNOWN and known is not None:
                return
            if known is not None and known.health.state == health.state:
                self._states[url] = PrinterState(health, known.since, source)
                return
            self._states[url] = PrinterState(health, clock.utc_now(), source)
        if health.bad:
            log.warning("printer %s is now %s: %s", url, health.state, health.detail)


def printer_states(app: Flask) -> PrinterStates:
    """The app's printer states (made on first use)."""
    return app.extensions.setdefault(STATES_KEY, PrinterStates())


def health_of_fault(fault: BaseException | None) -> printer.PrinterHealth | None:
    """What a job's outcome says about its printer: online, offline or paper out; None when
    the fault was not the printer's (a bug, the server stopping)."""
    if fault is None:
        return printer.PrinterHealth(printer.ONLINE)
    if isinstance(fault, printer.PaperOut):
        return printer.PrinterHealth(printer.PAPER_OUT, str(fault))
    if isinstance(fault, printer.PrinterError):
        return printer.PrinterHealth(printer.OFFLINE, str(fault))
    return None


def note_job_outcome(app: Flask, url: str, fault: BaseException | None) -> None:
    """Feed a finished job's outcome into its printer's state."""
    health = health_of_fault(fault)
    if health is not None:
        printer_states(app).record(url, health, "job")


def check_printers(app: Flask, timeout: float = PROBE_TIMEOUT) -> dict[str, printer.PrinterHealth]:
    """One monitor step: probe every watched printer (at once; not one printing a job now) and
    record what each said."""
    with app.app_context():
        states = printer_states(app)
        urls = sorted({p.url for p in watched_printers() if not states.is_printing(p.url)})
        db.session.remove()  # no connection held while probing
        if not urls:
            return {}
        found = off_the_hub(_probe_all, urls, timeout)
        for url, health in found.items():
            states.record(url, health, "probe")
        return found


def _probe_all(urls: list[str], timeout: float) -> dict[str, printer.PrinterHealth]:
    """Probe `urls` one after another. The monitor runs this in one of gevent's real threads
    (off_the_hub): run as a greenlet it stalled the worker's requests by 100-200 ms every check
    (bench/tickets.py open loop, README Benchmarks)."""
    return {url: printer.probe(url, timeout) for url in urls}


class PrinterMonitor:
    """A daemon thread running `check_printers` every CHECK_SECONDS until stopped."""

    def __init__(self, app: Flask, interval: float = CHECK_SECONDS) -> None:
        self.app = app
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="printer-monitor", daemon=True)

    def start(self) -> PrinterMonitor:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                check_printers(self.app)
            except Exception:  # a bad row or a database hiccup must not end the monitor
                log.exception("printer check failed")
            self._stop.wait(self.interval)


def start_printer_monitor(app: Flask) -> PrinterMonitor:
    """Start the app's monitor (once) where the server starts."""
    monitor = app.extensions.get(MONITOR_KEY)
    if monitor is None:
        monitor = app.extensions[MONITOR_KEY] = PrinterMonitor(app).start()
    return monitor


def stop_printer_monitor(app: Flask) -> None:
    """Stop the app's monitor, if it runs."""
    monitor = app.extensions.pop(MONITOR_KEY, None)
    if monitor is not None:
        monitor.stop()
