"""The print process: rendering ESC/POS and the QR code, and sending the bytes, run in one child
process so that the CPU-heavy part does not hold the server's GIL while kiosks take numbers."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from flask import Flask

import printer
from kiosk.offices.settings import OfficeSettings
from printer.backends import STATUS_WAIT
from printer.child import background_child

POOL_KEY = "satupintu.print_process_pool"
# Beyond the job's own timeout: print_receipt may spend up to printer.STATUS_WAIT on the paper
# query, and a child that has just been started needs a moment to import the printer package.
POOL_GRACE_SECONDS = 5.0
_pool_lock = threading.Lock()


class PrintingStopped(RuntimeError):
    """The server is shutting down: the job stays queued and the next start settles it."""


def print_in_process(
    app: Flask, receipt: printer.Receipt, url: str, office: OfficeSettings
) -> None:
    """printer.print_receipt with the office's paper and profile and the app's timeout; in the
    print process unless PRINT_SYNC asks for inline.

    A child that crashes or hangs past the timeout fails the job as an unavailable printer, and
    the next job gets a fresh child.
    """
    config = app.config
    timeout = float(config["PRINTER_TIMEOUT"])
    options = {
        "paper": printer.paper_for(office.printer_paper),
        "timeout": timeout,
        "profile": office.printer_profile,
    }
    if config["PRINT_SYNC"]:
        printer.print_receipt(receipt, url, **options)
        return
    future = _submit(app, printer.print_receipt, receipt, url, **options)
    try:
        future.result(timeout=timeout + STATUS_WAIT + POOL_GRACE_SECONDS)
    except FutureTimeout:
        shutdown_print_pool(app, kill=True)
        raise printer.PrinterUnavailable(
            f"printer {url} did not finish within {timeout:g} s"
        ) from None
    except BrokenProcessPool as error:
        shutdown_print_pool(app, kill=True)
        raise printer.PrinterUnavailable(f"the print process stopped: {error}") from None


def render_png_in_process(app: Flask, receipt: printer.Receipt, office: OfficeSettings) -> bytes:
    """The receipt as a PNG (previews), rendered where receipts are printed."""
    paper = printer.paper_for(office.printer_paper)
    if app.config["PRINT_SYNC"]:
        return printer.render_png_bytes(receipt, paper)
    return _submit(app, printer.render_png_bytes, receipt, paper).result()


def _submit(app: Flask, function, *args, **kwargs):
    try:
        return print_pool(app).submit(function, *args, **kwargs)
    except RuntimeError as error:  # "cannot schedule new futures after (interpreter) shutdown"
        raise PrintingStopped(str(error)) from None


def print_pool(app: Flask) -> ProcessPoolExecutor:
    """The app's print process, started on first use ('spawn': no copy of the server's threads)."""
    with _pool_lock:
        pool = app.extensions.get(POOL_KEY)
        if pool is None:
            pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=background_child,
            )
            app.extensions[POOL_KEY] = pool
        return pool


def shutdown_print_pool(app: Flask, *, kill: bool = False) -> None:
    """Stop the app's print process; `kill` ends a hung one instead of waiting for it."""
    with _pool_lock:
        pool = app.extensions.pop(POOL_KEY, None)
    if pool is None:
        return
    if kill:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.kill()  # no public way to stop a stuck worker before Python 3.14
    pool.shutdown(wait=not kill, cancel_futures=True)
