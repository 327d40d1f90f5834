"""Typed printer failures, so callers can show a message instead of crashing."""


class PrinterError(Exception):
    """Base class for every failure raised by the printer package."""


class PrinterUnavailable(PrinterError):
    """The printer could not be reached or stopped answering (off, unplugged, timeout)."""


class PaperOut(PrinterError):
    """The printer reported that its paper roll is empty."""


class PrinterConfigError(PrinterError):
    """The printer URL, profile or driver setup is wrong; retrying will not help."""
