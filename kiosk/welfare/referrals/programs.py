"""The programs a household can be referred to, and the offices referrals go to: data
(data/programs.yaml, or the admin's <instance>/referral_programs.yaml), never code."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from flask import current_app, has_request_context
from flask_babel import get_locale

from kiosk.models import translated


def current_language() -> str:
    """The reader's language ("id" outside a request)."""
    return str(get_locale() or "id") if has_request_context() else "id"


DEFAULT_FILE = Path(__file__).parent / "data" / "programs.yaml"
INSTANCE_FILE = "referral_programs.yaml"
OTHER = "lainnya"  # the destination whose name the officer writes


@dataclass(frozen=True)
class Program:
    """One program: its code, name {lang: text}, usual destination and first follow-up."""

    code: str
    name: dict
    to: str
    follow_up_days: int
    service: str | None = None
    intake: bool = False

    def label(self, lang: str | None = None) -> str:
        """The program's name in `lang` (the request's language by default)."""
        return translated(self.name, lang or current_language())


@dataclass(frozen=True)
class ProgramData:
    """The whole data file: programs in order, destinations {code: {lang: text}}."""

    programs: tuple[Program, ...]
    destinations: dict


def programs_file() -> Path:
    """The admin's file in the instance folder if there is one, else the shipped default."""
    own = Path(current_app.instance_path) / INSTANCE_FILE
    return own if own.is_file() else DEFAULT_FILE


def program_data() -> ProgramData:
    """The programs and destinations in force (read once per file and change time)."""
    path = programs_file()
    return _load(str(path), path.stat().st_mtime_ns)


@cache
def _load(path: str, _changed: int) -> ProgramData:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    programs = tuple(
        Program(
            code=item["code"],
            name=item["name"],
            to=item.get("to", OTHER),
            follow_up_days=int(item.get("follow_up_days", 14)),
            service=item.get("service"),
            intake=bool(item.get("intake", False)),
        )
        for item in raw["programs"]
    )
    return ProgramData(programs, dict(raw["destinations"]))


def find_program(code: str | None) -> Program | None:
    """The program with this code, or None."""
    return next((p for p in program_data().programs if p.code == code), None)


def program_label(code: str | None) -> str:
    """A program's name; an unknown (retired) code as it is."""
    program = find_program(code)
    return program.label() if program else (code or "")


def destination_label(code: str | None, other: str | None = None) -> str:
    """Where a referral went, in words ("Lainnya" shows what the officer wrote)."""
    if code == OTHER and other:
        return other
    names = program_data().destinations.get(code or "")
    return translated(names, current_language()) if names else (code or "")


def program_choices() -> list[tuple[str, str]]:
    """(code, name) of every program, in the data file's order."""
    return [(p.code, p.label()) for p in program_data().programs]


def destination_choices() -> list[tuple[str, str]]:
    """(code, name) of every destination."""
    return [(code, destination_label(code)) for code in program_data().destinations]
