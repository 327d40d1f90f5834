"""Sync: the operation ledger that makes a resent request harmless (PWA, kiosks, offices)."""
