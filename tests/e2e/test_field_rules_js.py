"""The tablet's rules.js and validate.js, run in Chromium against the shared vectors that the
Python rules pass too (tests/test_identity_vectors.py, tests/test_sync_forms.py): the NIK/KK
checks and the form validation give the same answers offline as at the counter.

The modules are served from the worktree by Playwright routing (no server, no file:// URL), and
every vector runs in one page.evaluate."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.files.identity import province_codes
from kiosk.sync.forms import published_forms
from kiosk.sync.forms.definitions import forms_of
from kiosk.sync.forms.options import publish
from kiosk.tracking import normalise

ROOT = Path(__file__).resolve().parents[2]
JS_DIR = ROOT / "field_pwa" / "js"
VECTORS = ROOT / "tests" / "vectors"
ORIGIN = "http://field.test"
PAGE = "<!doctype html><title>rules</title>"

RUN_VECTORS = """async ({identity, forms, rules, formDocs}) => {
  const r = await import("/js/rules.js");
  const v = await import("/js/validate.js");
  const nik = identity.nik.map((c) => r.checkNik(c.input, {birthDate: c.birth_date, sex: c.sex,
    rules, today: identity.today}));
  const kk = identity.kk.map((c) => r.checkKk(c.input, {rules: {...rules,
    region_code: c.region_code}, today: identity.today}));
  const codes = identity.codes.map((c) => r.normaliseCode(c.input));
  const symbols = identity.check_symbols.map((c) => r.checkSymbol(c.body));
  const fresh = Array.from({length: 500}, () => r.newTrackingCode());
  const formRules = {...rules, ...forms.rules};
  const validated = forms.cases.map((c) => v.validate(formDocs[`${c.form}/${c.version}`],
    c.fields, formRules, {today: forms.today}));
  return {nik, kk, codes, symbols, fresh, validated};
}"""


def _serve_modules(route) -> None:
    name = route.request.url.removeprefix(f"{ORIGIN}/js/")
    path = JS_DIR / name
    if "/" in name or not path.is_file():
        route.fulfill(status=404, body="")
    else:
        route.fulfill(body=path.read_text("utf-8"), content_type="text/javascript")


def test_rules_and_validate_js_pass_the_shared_vectors(page):
    identity = json.loads((VECTORS / "identity.json").read_text("utf-8"))
    forms = json.loads((VECTORS / "forms.json").read_text("utf-8"))
    samples = [form for document in forms["sample_forms"] for form in forms_of(document)]
    form_docs = {
        f"{f.id}/{f.version}": publish(f, forms["catalogue"])
        for f in [*published_forms(), *samples]
    }
    page.route(f"{ORIGIN}/", lambda route: route.fulfill(body=PAGE, content_type="text/html"))
    page.route(f"{ORIGIN}/js/*", _serve_modules)
    page.goto(f"{ORIGIN}/")
    rules = {"provinces": sorted(province_codes()), "region_code": ""}
    got = page.evaluate(
        RUN_VECTORS, {"identity": identity, "forms": forms, "rules": rules, "formDocs": form_docs}
    )

    for case, result in zip(identity["nik"], got["nik"], strict=True):
        expected = [
            case[k] for k in ("errors", "warnings", "flags", "parsed_birth_date", "parsed_sex")
        ]
        actual = [result[k] for k in ("errors", "warnings", "flags", "birthDate", "sex")]
        assert actual == expected, case["name"]
    for case, result in zip(identity["kk"], got["kk"], strict=True):
        expected = [case["errors"], case["warnings"], case["flags"]]
        assert [result["errors"], result["warnings"], result["flags"]] == expected, case["name"]
    assert got["codes"] == [case["canonical"] for case in identity["codes"]]
    assert got["symbols"] == [case["symbol"] for case in identity["check_symbols"]]
    # Codes made on a tablet are accepted as they are by the server, and do not repeat.
    assert all(normalise(code) == code for code in got["fresh"])
    assert len(set(got["fresh"])) == len(got["fresh"])
    for case, result in zip(forms["cases"], got["validated"], strict=True):
        expected = {"errors": case["errors"], "warnings": case["warnings"], "blobs": case["blobs"]}
        assert result == expected, case["name"]
