"""The shared identity vectors (tests/vectors/identity.json) against kiosk/files/identity.py and
kiosk/tracking.py; tests/e2e/test_field_rules_js.py holds the tablet's rules.js to the same file,
so the counter and the tablet give the same answers offline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kiosk.files.identity import check_kk, check_nik
from kiosk.tracking import check_symbol, normalise

VECTORS = json.loads((Path(__file__).parent / "vectors" / "identity.json").read_text("utf-8"))
TODAY = dt.date.fromisoformat(VECTORS["today"])


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@pytest.mark.parametrize("case", VECTORS["nik"], ids=lambda case: case["name"])
def test_nik_vectors(case):
    birth = case["birth_date"] and dt.date.fromisoformat(case["birth_date"])
    result = check_nik(case["input"], birth_date=birth or None, sex=case["sex"], today=TODAY)
    assert result.errors == case["errors"]
    assert (result.warnings, result.flags) == (case["warnings"], case["flags"])
    assert (_iso(result.birth_date), result.sex) == (case["parsed_birth_date"], case["parsed_sex"])


@pytest.mark.parametrize("case", VECTORS["kk"], ids=lambda case: case["name"])
def test_kk_vectors(case):
    result = check_kk(case["input"], today=TODAY, region_prefix=case["region_code"] or None)
    assert result.errors == case["errors"]
    assert (result.warnings, result.flags) == (case["warnings"], case["flags"])


def test_code_vectors():
    assert [normalise(case["input"]) for case in VECTORS["codes"]] == [
        case["canonical"] for case in VECTORS["codes"]
    ]
    assert [check_symbol(case["body"]) for case in VECTORS["check_symbols"]] == [
        case["symbol"] for case in VECTORS["check_symbols"]
    ]


def test_vectors_cover_what_the_rules_say():
    """Valid and invalid NIKs, 95/96, women's day + 40, warnings, KK region, code tolerance."""
    niks, kks, codes = VECTORS["nik"], VECTORS["kk"], VECTORS["codes"]
    assert len(niks) + len(kks) + len(codes) + len(VECTORS["check_symbols"]) >= 40
    assert {c["input"][:2] for c in niks if not c["errors"]} >= {"95", "96"}
    assert any(c["parsed_sex"] == "P" for c in niks)
    assert {flag for c in niks for flag in c["flags"]} == {"nik_birth_date", "nik_sex"}
    assert {flag for c in kks for flag in c["flags"]} == {"kk_region"}
    assert any(c["canonical"] is None for c in codes)
    tolerant = [c for c in codes if c["canonical"] and c["input"] != c["canonical"]]
    assert any(set(c["input"].upper()) & set("OIL") for c in tolerant)
