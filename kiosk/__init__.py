"""Satu Pintu: the village office's kiosk, queue and file tracking, as one Flask app."""

from __future__ import annotations

import logging
import os

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: layered config, extensions, blueprints, error handlers."""
    from kiosk.api import register_api
    from kiosk.auth import register_auth
    from kiosk.config import load_config
    from kiosk.counter import register_counter
    from kiosk.csp_report import register_csp_report
    from kiosk.db import init_db_engine
    from kiosk.display import register_display
    from kiosk.errors import register_error_handlers
    from kiosk.extensions import csrf, limiter
    from kiosk.files import register_files
    from kiosk.i18n import init_i18n
    from kiosk.icons import init_icons
    from kiosk.queue import register_queue
    from kiosk.security_headers import init_security_headers

    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.environ.get("SATUPINTU_INSTANCE_PATH") or None,
    )
    load_config(app, test_config)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    init_db_engine(app)
    csrf.init_app(app)
    limiter.init_app(app)
    init_i18n(app)
    init_icons(app)
    register_error_handlers(app)
    init_security_headers(app)
    register_csp_report(app)
    register_queue(app)
    register_auth(app)
    register_counter(app)
    register_display(app)
    register_files(app)
    register_api(app)
    if app.config.get("BENCH_HELLO"):
        from kiosk.bench_support import register_bench_hello

        register_bench_hello(app)
    return app
