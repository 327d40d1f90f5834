"""Why an SMS did not go: one exception per cause the staff can act on.

Each carries a `reason` code; kiosk.notify.reasons turns it into plain Indonesian for the
log page ("Modem tidak terpasang"), the detail (e.g. "+CMS ERROR: 38") goes after it.
"""

from __future__ import annotations


class SmsError(Exception):
    """The SMS was not handed over; it may go on a later try."""

    reason = "unknown"


class ModemMissing(SmsError):
    """The modem's port is not there (unplugged) or cannot be opened."""

    reason = "no_modem"


class ModemSilent(SmsError):
    """The modem did not answer in time."""

    reason = "no_answer"


class SimProblem(SmsError):
    """The SIM card is missing, locked, or has no credit (the network refused to charge)."""

    reason = "sim"


class NoSignal(SmsError):
    """No network: not registered, network out of order, or a timeout at the network."""

    reason = "no_signal"


class Rejected(SmsError):
    """The modem or network refused this message for another reason."""

    reason = "rejected"


class OutputError(SmsError):
    """A file or spool folder could not be written."""

    reason = "output"


class SpoolFailed(SmsError):
    """gammu-smsd moved the message to its error folder."""

    reason = "spool"


class SmsConfigError(SmsError):
    """SATUPINTU_SMS cannot work (a bad URL, python-gammu missing)."""

    reason = "config"
