"""Read a list of households from a CSV file (kk_number,address,dusun,rt,rw,head_name).

UTF-8 with or without a BOM (Excel's "CSV UTF-8"), `;` or `,` between columns. Every row is
checked with the same household rules as the counter (kiosk.people.rules.clean_home); every
problem names its line, so the officer fixes the file and imports it again. Pure: no database.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _

from kiosk.people.rules import clean_home

COLUMNS = ("kk_number", "address", "dusun", "rt", "rw", "head_name")
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
HEAD_NAME_MAX = 120


@dataclass(frozen=True)
class HouseholdLine:
    """One household of the file, cleaned; `line` is where it ends in the file (1 = header)."""

    line: int
    kk_number: str | None
    address: str
    dusun: str
    rt: str
    rw: str
    head_name: str

    def same_place_key(self) -> tuple[str, str, str, str]:
        """Address, RT, RW and head's name, compared case- and space-insensitively."""
        return same_place_key(self.address, self.rt, self.rw, self.head_name)


@dataclass
class HouseholdList:
    """The households read and the line-numbered problems found (both may be non-empty)."""

    households: list[HouseholdLine] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def same_place_key(address: str, rt: str, rw: str, head_name: str) -> tuple[str, str, str, str]:
    """The key that tells one household without a KK number from another."""

    def simple(text: str) -> str:
        return " ".join((text or "").split()).casefold()

    return simple(address), rt or "", rw or "", simple(head_name)


def read_household_csv(data: bytes, region: str | None = None) -> HouseholdList:
    """Parse and check the whole file; nothing is half-read: any error is reported by line."""
    result = HouseholdList()
    if len(data) > MAX_BYTES:
        result.errors.append(
            _("Berkas terlalu besar (paling besar %(mb)d MB).", mb=MAX_BYTES // 1024 // 1024)
        )
        return result
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(
            _('Berkas bukan UTF-8. Di Excel pilih Simpan Sebagai → "CSV UTF-8", lalu unggah lagi.')
        )
        return result
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        result.errors.append(
            _("Berkas kosong. Baris 1 harus berisi judul kolom: %(cols)s.", cols=",".join(COLUMNS))
        )
        return result
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[0]))
    positions = _header(next(reader), result)
    if positions is None:
        return result
    seen_kk: dict[str, int] = {}
    seen_place: dict[tuple, int] = {}
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(result.households) >= MAX_ROWS:
            result.errors.append(
                _("Paling banyak %(max)d keluarga per berkas; bagi berkasnya.", max=MAX_ROWS)
            )
            break
        row = {name: _cell(cells, index) for name, index in positions.items()}
        household = _household(reader.line_num, row, region, result)
        if household is not None and not _repeated(household, seen_kk, seen_place, result):
            result.households.append(household)
    return result


def _delimiter(header: str) -> str:
    return ";" if header.count(";") > header.count(",") else ","


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _header(cells: list[str], result: HouseholdList) -> dict[str, int] | None:
    """Column name → position; None (and an error on line 1) when a column is missing."""
    names = [cell.strip().casefold() for cell in cells]
    missing = [name for name in COLUMNS if name not in names]
    if missing:
        result.errors.append(
            _(
                "Baris 1: kolom %(missing)s tidak ada. Judul kolom harus: %(cols)s.",
                missing=", ".join(missing),
                cols=",".join(COLUMNS),
            )
        )
        return None
    return {name: names.index(name) for name in COLUMNS}


def _household(line: int, row: dict, region: str | None, result: HouseholdList):
    """One row checked by the counter's household rules plus what a worklist needs."""
    data = {
        "kk": row["kk_number"],
        "address": row["address"],
        "rt": row["rt"],
        "rw": row["rw"],
        "dusun": row["dusun"],
    }
    cleaned, errors, _flags = clean_home(data, region=region)
    problems = [errors[key] for key in ("kk", "address") if key in errors]
    if len(row["address"]) > 200:
        problems.append(_("Alamat paling banyak 200 huruf."))
    if not cleaned["dusun"]:
        problems.append(_("Dusun wajib diisi."))
    for key in ("rt", "rw"):
        if key in errors:
            problems.append(errors[key])
        elif not cleaned[key]:
            problems.append(_("%(what)s wajib diisi.", what=key.upper()))
    head_name = " ".join(row["head_name"].split())
    if not 2 <= len(head_name) <= HEAD_NAME_MAX:
        problems.append(_("Nama kepala keluarga wajib diisi (2 sampai 120 huruf)."))
    for problem in problems:
        result.errors.append(_("Baris %(line)d: %(problem)s", line=line, problem=problem))
    if problems:
        return None
    return HouseholdLine(
        line=line,
        kk_number=cleaned["kk"],
        address=cleaned["address"],
        dusun=cleaned["dusun"],
        rt=cleaned["rt"],
        rw=cleaned["rw"],
        head_name=head_name,
    )


def _repeated(household: HouseholdLine, seen_kk: dict, seen_place: dict, result) -> bool:
    """A household named twice in one file is an error on its second line."""
    first = seen_kk.get(household.kk_number) if household.kk_number else None
    first = first or seen_place.get(household.same_place_key())
    if first is not None:
        result.errors.append(
            _(
                "Baris %(line)d: keluarga ini sama dengan baris %(first)d.",
                line=household.line,
                first=first,
            )
        )
        return True
    if household.kk_number:
        seen_kk[household.kk_number] = household.line
    seen_place[household.same_place_key()] = household.line
    return False
