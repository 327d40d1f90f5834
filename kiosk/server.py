"""`satupintu serve`: gunicorn with one gevent worker, HTTPS on the LAN.

Why gevent: every open waiting-room display holds an event stream for minutes. A thread per
request (waitress) ran out of threads at ~33 idle streams and the kiosk stopped answering; a
greenlet per connection holds thousands. One worker process, because the display bus, the
stream cap and the rate-limit counters live in its memory.

Which scheme (the rule the README documents):
- `--behind-proxy`: plain HTTP for a TLS proxy in front (its forwarded headers trusted,
  cookies Secure);
- a loopback `--host` (127.x, ::1, localhost): plain HTTP, unless `--https`;
- any other host (0.0.0.0, a LAN address): HTTPS with the office CA's certificate.

This module is imported by the gunicorn master before the worker monkey-patches: it must not
import the app (its module-level locks would be made unpatched). The worker builds the app.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click
from gunicorn.app.base import BaseApplication

from kiosk.tls.addresses import is_loopback, lan_addresses, server_names, shown_address
from kiosk.tls.certificates import ServerFiles, ensure_server_certificate, fingerprint

# End open streams quickly on shutdown: the displays reconnect to the next server.
GRACEFUL_SECONDS = 5
# How long an idle keep-alive connection stays open. gunicorn's 2 s default closes it just as a
# kiosk or tablet polling every few seconds reuses it: a client that does not retry (a script,
# Node's fetch) then gets ECONNRESET on a POST, and each new connection costs a TLS handshake on
# the LAN. An idle connection is one greenlet here, so holding it longer is cheap.
KEEPALIVE_SECONDS = 30


@dataclass(frozen=True)
class ServeOptions:
    """What `satupintu serve` was asked for."""

    host: str
    port: int
    https: bool = False
    behind_proxy: bool = False
    connections: int = 1000


def uses_https(options: ServeOptions) -> bool:
    """The scheme rule: HTTPS unless behind a proxy or on a loopback address without --https."""
    if options.behind_proxy:
        return False
    return options.https or not is_loopback(options.host)


class SatuPintuServer(BaseApplication):
    """gunicorn configured in code: no config file or command line of its own to read."""

    def __init__(self, settings: dict[str, object]) -> None:
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.settings.items():
            self.cfg.set(key, value)

    def load(self):
        """Runs in the worker, after gevent has patched the standard library."""
        from kiosk import create_app

        app = create_app()
        # Imported after the app has set up logging: python-escpos configures logging on import.
        from kiosk.printing.jobs import resolve_interrupted_jobs
        from kiosk.printing.monitor import start_printer_monitor

        retried, expired = resolve_interrupted_jobs(app)
        start_printer_monitor(app)
        from kiosk.notify.worker import start_sms_worker

        start_sms_worker(app)
        if retried or expired:
            click.echo(
                f"Print jobs left by the last run: {retried} printed again, {expired} expired."
            )
            sys.stdout.flush()
        return app


def serve(options: ServeOptions, office_name: str, instance: Path) -> None:
    """Serve until stopped (Ctrl+C or SIGTERM)."""
    tls = None
    # Read by the worker's create_app. Set both ways, so a stray environment variable cannot
    # make a LAN server trust forged X-Forwarded-For headers (and dodge the rate limits).
    secure = options.behind_proxy or uses_https(options)
    os.environ["SATUPINTU_BEHIND_PROXY"] = "true" if options.behind_proxy else "false"
    os.environ["SATUPINTU_SECURE_COOKIES"] = "true" if secure else "false"
    if uses_https(options):
        names, addresses = server_names(), lan_addresses(options.host)
        tls = ensure_server_certificate(instance, office_name, names, addresses)
    settings = gunicorn_settings(options, tls)
    settings["post_worker_init"] = _quiet_failed_handshakes
    settings["worker_exit"] = _stop_printer_monitor
    settings["when_ready"] = lambda _arbiter: _announce(options, tls)
    SatuPintuServer(settings).run()


def gunicorn_settings(options: ServeOptions, tls: ServerFiles | None) -> dict[str, object]:
    """gunicorn's settings for these options."""
    host = f"[{options.host}]" if ":" in options.host else options.host
    settings: dict[str, object] = {
        "bind": [f"{host}:{options.port}"],
        "workers": 1,
        "worker_class": "gevent",
        "worker_connections": options.connections,
        "graceful_timeout": GRACEFUL_SECONDS,
        "keepalive": KEEPALIVE_SECONDS,
        "proc_name": "satupintu",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        # The proxy's forwarded headers are read by werkzeug's ProxyFix (BEHIND_PROXY), not here.
        "forwarded_allow_ips": "",
    }
    if tls is not None:
        settings.update(certfile=str(tls.certfile), keyfile=str(tls.keyfile))
    return settings


def _quiet_failed_handshakes(_worker) -> None:
    """A device without the office CA (or a port scanner) fails the TLS handshake: that is the
    client's business, not a server fault, so gevent must not print it as a traceback."""
    import ssl

    from gevent import get_hub

    hub = type(get_hub())
    hub.NOT_ERROR = (*hub.NOT_ERROR, ssl.SSLError, ConnectionResetError)


def _stop_printer_monitor(_server, worker) -> None:
    """Stop the worker's printer monitor and SMS sender before the worker exits."""
    app = getattr(worker, "wsgi", None)
    if app is not None:
        from kiosk.notify.worker import stop_sms_worker
        from kiosk.printing.monitor import stop_printer_monitor

        stop_printer_monitor(app)
        stop_sms_worker(app)


def _announce(options: ServeOptions, tls: ServerFiles | None) -> None:
    """The start-up lines (tests wait for "Kiosk: "), printed once the port is listening."""
    scheme = "https" if tls else "http"
    shown = shown_address(options.host)
    if ":" in shown:
        shown = f"[{shown}]"
    click.echo(f"Kiosk: {scheme}://{shown}:{options.port}/   (Ctrl+C to stop)")
    if tls:
        from cryptography import x509

        ca = x509.load_pem_x509_certificate(tls.ca_certfile.read_bytes())
        click.echo(f"Office CA (install on each device, see /sertifikat): {tls.ca_certfile}")
        click.echo(f"CA fingerprint SHA-256: {fingerprint(ca)}")
    elif options.behind_proxy:
        click.echo("Plain HTTP for a TLS proxy in front (forwarded headers are trusted).")
    sys.stdout.flush()
