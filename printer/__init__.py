"""Receipt printing for Satu Pintu: layout model, ESC/POS and PNG renderers, URL transports.

A plain library: it never imports Flask or the kiosk app.
"""

from .backends import clear_recorded_jobs, get_printer, print_receipt, recorded_jobs
from .errors import PaperOut, PrinterConfigError, PrinterError, PrinterUnavailable
from .escpos_render import render_escpos
from .health import OFFLINE, ONLINE, PAPER_OUT, UNKNOWN, PrinterHealth, probe
from .image_render import render_png, render_png_bytes
from .receipt import PAPER_58, PAPER_80, Paper, Receipt, paper_for

__all__ = [
    "OFFLINE",
    "ONLINE",
    "PAPER_OUT",
    "UNKNOWN",
    "PrinterHealth",
    "PAPER_58",
    "PAPER_80",
    "PaperOut",
    "Paper",
    "PrinterConfigError",
    "PrinterError",
    "PrinterUnavailable",
    "Receipt",
    "clear_recorded_jobs",
    "get_printer",
    "paper_for",
    "print_receipt",
    "probe",
    "recorded_jobs",
    "render_escpos",
    "render_png",
    "render_png_bytes",
]
