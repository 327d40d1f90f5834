"""The SMS worker: a daemon thread in the serving process that runs a send pass every
CHECK_SECONDS, and at once when woken (a new message committed, "Kirim ulang sekarang").
Started and stopped by `satupintu serve` like the printer monitor."""

from __future__ import annotations

import logging
import threading

from flask import Flask

from kiosk.extensions import db
from kiosk.notify.service import WAKE_KEY

log = logging.getLogger("satupintu.sms")
WORKER_KEY = "satupintu.sms_worker"
CHECK_SECONDS = 30.0


class SmsWorker:
    """Runs `send_due` until stopped."""

    def __init__(self, app: Flask, interval: float = CHECK_SECONDS) -> None:
        self.app = app
        self.interval = interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sms-worker", daemon=True)

    def start(self) -> SmsWorker:
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        from kiosk.notify.sender import send_due

        while not self._stop.is_set():
            self._wake.clear()
            try:
                with self.app.app_context():
                    send_due()
                    db.session.remove()
            except Exception:  # a database hiccup must not end the worker
                log.exception("SMS pass failed")
            self._wake.wait(float(self.app.config.get("SMS_CHECK_SECONDS", self.interval)))


def start_sms_worker(app: Flask) -> SmsWorker:
    """Start the app's worker (once) where the server starts."""
    worker = app.extensions.get(WORKER_KEY)
    if worker is None:
        worker = app.extensions[WORKER_KEY] = SmsWorker(app).start()
        app.extensions[WAKE_KEY] = worker.wake
    return worker


def stop_sms_worker(app: Flask) -> None:
    """Stop the app's worker, if it runs."""
    worker = app.extensions.pop(WORKER_KEY, None)
    app.extensions.pop(WAKE_KEY, None)
    if worker is not None:
        worker.stop()
