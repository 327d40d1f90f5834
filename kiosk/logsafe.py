"""A log filter that keeps personal data out of every log line (NIK, KK, SQL parameters).

Names, addresses and phone numbers reach logs only inside database errors, as statement
parameters; the engine hides those (`hide_parameters`) and this filter removes any that slip
through (another engine, a driver message). NIK and KK are 16-digit numbers wherever they appear.
PostgreSQL's error DETAIL quotes values ("Key (nik)=(…)", "Failing row contains (…)"): only the
column names of a key are kept.
"""

from __future__ import annotations

import logging
import re

SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")
SQL_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s*(?:\n|\(Background|$))", re.DOTALL)
NIK_MASK = "[NIK/KK disembunyikan]"
PARAMETERS_MASK = "[parameters: disembunyikan]"
PG_DETAIL = re.compile(r"(DETAIL:\s*)(?:(Key \([^)\n]*\)=).*|.*)")


def _detail(match: re.Match) -> str:
    return f"{match[1]}{match[2] or ''}[disembunyikan]"


def scrub(text: str) -> str:
    """`text` without SQL statement parameters, PostgreSQL's quoted values or 16-digit numbers."""
    text = PG_DETAIL.sub(_detail, SQL_PARAMETERS.sub(PARAMETERS_MASK, text))
    return SIXTEEN_DIGITS.sub(NIK_MASK, text)


class PersonalDataFilter(logging.Filter):
    """Rewrite a record's message and traceback text before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: let the handler report it as usual
            message = str(record.msg)
        record.msg, record.args = scrub(message), None
        if record.exc_info and not record.exc_text:
            # Format the traceback now so the formatter uses the scrubbed text.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


def install_log_filter(logger: logging.Logger | None = None) -> None:
    """Put the filter on every handler of `logger` (default: root), once each."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, PersonalDataFilter) for f in handler.filters):
            handler.addFilter(PersonalDataFilter())
