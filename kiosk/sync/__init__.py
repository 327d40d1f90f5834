"""Sync: the operation ledger that makes a resent request harmless (PWA, kiosks, offices),
and the field tablets' sync API (kiosk.sync.api, on the /api/v1 blueprint)."""

from flask import Flask


def register_sync(app: Flask) -> None:
    """The test-only fault switch, when SYNC_FAULTS is set (the API registers with /api/v1)."""
    from kiosk.sync.faults import register_faults

    register_faults(app)
