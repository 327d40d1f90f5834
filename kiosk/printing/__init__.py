"""Print jobs and the worker that owns the printer: receipts of every kind.

A feature writes a `print_job` row in its own transaction and, once committed, hands the worker a
`PrintOrder` (`worker.dispatch`): what to print, composed from what the feature already knew, so
the worker reads nothing back. The worker prints off the request path, in one child process, and
records the outcome in one commit. Receipt layouts stay with their features; a feature registers
a builder per receipt kind (`layouts.register_receipt`) for jobs printed from their row alone
(reprints, retries at start).
"""
