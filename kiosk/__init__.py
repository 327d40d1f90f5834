"""Satu Pintu: the village office's kiosk, queue and file tracking, as one Flask app."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: layered config, extensions, blueprints, error handlers."""
    from kiosk.access import register_access
    from kiosk.api import register_api
    from kiosk.auth import register_auth
    from kiosk.complaints import register_complaints
    from kiosk.config import load_config
    from kiosk.converters import register_converters
    from kiosk.counter import register_counter
    from kiosk.csp_report import register_csp_report
    from kiosk.db import init_db_engine
    from kiosk.devices import register_devices
    from kiosk.display import register_display
    from kiosk.errors import register_error_handlers
    from kiosk.extensions import csrf, limiter
    from kiosk.fieldapp import register_fieldapp
    from kiosk.fieldoffice import register_fieldoffice
    from kiosk.files import register_files
    from kiosk.i18n import init_i18n
    from kiosk.icons import init_icons
    from kiosk.limits import init_request_limits
    from kiosk.logsafe import install_log_filter
    from kiosk.notify import register_notify
    from kiosk.offices import register_offices
    from kiosk.outreach import register_outreach
    from kiosk.people import register_people
    from kiosk.printers import register_printers
    from kiosk.queue import register_queue
    from kiosk.reports import register_reports
    from kiosk.reports.ikm import register_ikm
    from kiosk.security_headers import init_security_headers
    from kiosk.speech import register_speech
    from kiosk.status import register_status
    from kiosk.sync import register_sync
    from kiosk.tls import register_tls
    from kiosk.welfare import register_welfare
    from kiosk.welfare.meeting import register_meeting
    from kiosk.welfare.referrals import register_referrals

    app = bare_app()
    load_config(app, test_config)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    install_log_filter()
    register_converters(app)
    init_request_limits(app)
    init_db_engine(app)
    csrf.init_app(app)
    limiter.init_app(app)
    init_i18n(app)
    init_icons(app)
    register_error_handlers(app)
    init_security_headers(app)
    register_csp_report(app)
    register_queue(app)
    register_status(app)
    register_speech(app)
    register_auth(app)
    register_counter(app)
    register_display(app)
    register_files(app)
    register_people(app)
    register_access(app)
    register_offices(app)
    register_printers(app)
    register_devices(app)
    register_fieldoffice(app)
    register_api(app)
    register_sync(app)
    register_tls(app)
    register_welfare(app)
    register_referrals(app)
    register_meeting(app)
    register_fieldapp(app)
    register_complaints(app)
    register_ikm(app)
    register_reports(app)
    register_outreach(app)
    register_notify(app)
    if app.config.get("BENCH_HELLO"):
        from kiosk.bench_support import register_bench_hello

        register_bench_hello(app)
    return app


def bare_app() -> Flask:
    """The Flask object with its instance folder, before any configuration or extension."""
    from kiosk.instance import secure_instance

    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.environ.get("SATUPINTU_INSTANCE_PATH") or None,
    )
    secure_instance(Path(app.instance_path))  # 0700/0600 before anything is written there
    return app
