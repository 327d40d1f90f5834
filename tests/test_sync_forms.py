"""Forms as data (issue 12, point 3): definitions checked at load, options per office, and the
validator held to the shared vectors (tests/vectors/forms.json), which the tablet's JavaScript
twin must also pass (tests/e2e/test_field_rules_js.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Office, Person, Requirement, Service
from kiosk.sync.forms import (
    FormDefinitionError,
    check_fields,
    find_form,
    forms_document,
    forms_etag,
    published_forms,
    validate,
)
from kiosk.sync.forms.criteria import criteria_versions
from kiosk.sync.forms.definitions import FORMS_DIR, TYPE_KEYS, forms_of, read_form_file
from kiosk.sync.forms.options import publish

VECTORS = Path(__file__).parent / "vectors" / "forms.json"
FORM_VECTORS = json.loads(VECTORS.read_text(encoding="utf-8"))
UUID_A = "0b7c9d1e-2f3a-4b5c-8d6e-7f8091a2b3c4"


def vector_forms() -> dict[tuple[str, int], dict]:
    """Every published form with the vectors' small catalogue as its options, and the sample
    forms (checked by the loader) that use what the shipped forms do not."""
    samples = [form for document in FORM_VECTORS["sample_forms"] for form in forms_of(document)]
    sources = FORM_VECTORS["catalogue"]
    return {(f.id, f.version): publish(f, sources) for f in [*published_forms(), *samples]}


def test_four_forms_are_published_as_the_contract_says():
    forms = {(form.id, form.version): form for form in published_forms()}
    assert set(forms) == {
        ("household", 1),
        ("document_request", 1),
        ("dtks_visit", 1),
        ("complaint", 1),
    }
    assert forms["household", 1].merge_mode == "fields"
    assert forms["document_request", 1].merge_mode == "append"
    assert forms["dtks_visit", 1].criteria_version == 1
    assert [f.record for f in forms.values()] == [
        "household",
        "document_request",
        "dtks_visit",
        "complaint",
    ]
    assert forms["complaint", 1].merge_mode == "append"
    assert find_form("household", 1) is forms["household", 1]
    assert find_form("household", 2) is None
    assert find_form("nope", 1) is None


def test_dtks_criteria_version_1_has_the_fourteen_bps_criteria():
    criteria = criteria_versions()[1]
    assert [c["code"] for c in criteria] == [f"k{n:02d}" for n in range(1, 15)]
    assert all(c["label"].strip() for c in criteria)


def test_household_choices_are_the_people_model_codes():
    """What the tablet stores must project onto Person without translation."""
    members = next(f for f in find_form("household", 1).fields if f["name"] == "members")
    by_name = {f["name"]: f for f in members["fields"]}
    values = {
        name: [o["value"] for o in by_name[name]["options"]]
        for name in by_name
        if "options" in by_name[name]
    }
    assert values["relation"] == list(Person.RELATIONS)
    assert values["nik_status"] == ["ada", *Person.NIK_ABSENT]
    assert values["sex"] == list(Person.SEXES)


def test_published_versions_are_never_edited():
    """A version in use on tablets and in stored records must keep meaning what it meant."""
    lines = (FORMS_DIR / "published.sha256").read_text(encoding="utf-8").splitlines()
    pinned = {tuple(line.split()[:2]): line.split()[2] for line in lines if line[:1] != "#"}
    for name in (
        "household.yaml",
        "document_request.yaml",
        "dtks_visit.yaml",
        "dtks_criteria.yaml",
        "complaint.yaml",
    ):
        for entry in yaml.safe_load((FORMS_DIR / name).read_text(encoding="utf-8"))["versions"]:
            key = (name, str(entry["version"]))
            canonical = json.dumps(entry, sort_keys=True, ensure_ascii=False).encode()
            fingerprint = hashlib.sha256(canonical).hexdigest()
            assert key in pinned, f"add to published.sha256: {name} {key[1]} {fingerprint}"
            assert pinned[key] == fingerprint, (
                f"{name} version {key[1]} was edited after publishing"
            )


GOOD_FIELD = {"name": "address", "type": "text", "label": "Alamat", "max": 10}


@pytest.mark.parametrize(
    ("field", "complaint"),
    [
        ({**GOOD_FIELD, "maks": 10}, "unknown key(s) maks"),
        ({**GOOD_FIELD, "type": "texte"}, "unknown type 'texte'"),
        ({**GOOD_FIELD, "label": ""}, "'label' is required"),
        ({**GOOD_FIELD, "name": "Alamat Rumah"}, "bad 'name'"),
        ({**GOOD_FIELD, "min": 20}, "min is above max"),
        ({**GOOD_FIELD, "pattern": "[0-9]+"}, "anchor the pattern"),
        ({**GOOD_FIELD, "show_if": {"field": "nothing", "equals": "x"}}, "no earlier sibling"),
        ({"name": "s", "type": "select", "label": "S"}, "exactly one of options"),
        ({"name": "s", "type": "select", "label": "S", "options": [{"value": "a"}]}, "bad option"),
        ({"name": "p", "type": "photo", "label": "P", "min": 1}, "needs required: true"),
        ({"name": "r", "type": "ref", "label": "R", "ref": "office"}, "'ref' must be one of"),
        ({"name": "d", "type": "date", "label": "D", "max": "besok"}, "bad min/max date"),
        (
            {"name": "g", "type": "group", "label": "G", "fields": [{**GOOD_FIELD, "name": "id"}]},
            "item's own id",
        ),
        (
            {
                "name": "g",
                "type": "group",
                "label": "G",
                "fields": [{"name": "n", "type": "nik", "label": "N", "matches": {"sex": "sex"}}],
            },
            "matches.sex names no select sibling",
        ),
        (
            {"name": "m", "type": "multiselect", "label": "M", "options_from": "villages"},
            "unknown options_from",
        ),
        (
            {"name": "c", "type": "multiselect", "label": "C", "options_from": "dtks_criteria"},
            "need 'criteria_version'",
        ),
    ],
)
def test_a_malformed_definition_fails_loudly_naming_file_and_field(tmp_path, field, complaint):
    path = tmp_path / "broken.yaml"
    document = {"id": "broken", "record": "household", "merge": "fields"}
    document["versions"] = [{"version": 1, "title": "Rusak", "fields": [field]}]
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(FormDefinitionError) as raised:
        read_form_file(path)
    assert str(raised.value).startswith("broken.yaml: versions[0]")
    assert complaint in str(raised.value)


def test_malformed_criteria_fail_loudly_naming_the_file(tmp_path):
    path = tmp_path / "dtks_criteria.yaml"
    criteria = [{"code": "k01", "label": "Lantai tanah"}, {"code": "k01", "label": "Dinding bambu"}]
    path.write_text(yaml.safe_dump({"versions": [{"version": 1, "criteria": criteria}]}), "utf-8")
    with pytest.raises(FormDefinitionError, match=r"^dtks_criteria.yaml: versions\[0\]: codes"):
        criteria_versions(path)


def test_every_shipped_file_loads():
    for form in published_forms():
        assert form.fields


@pytest.mark.parametrize("case", FORM_VECTORS["cases"], ids=lambda case: case["name"])
def test_form_vectors(case):
    """The shared vectors, against the Python validator (the JS twin runs the same file)."""
    form = vector_forms()[case["form"], case["version"]]
    today = dt.date.fromisoformat(FORM_VECTORS["today"])
    result = check_fields(form, case["fields"], FORM_VECTORS["rules"], today)
    assert result.errors == case["errors"]
    assert result.warnings == case["warnings"]
    assert sorted(result.blobs) == case["blobs"]


def test_vectors_cover_every_field_type_and_form():
    kinds = {c["form"] for c in FORM_VECTORS["cases"]}
    assert kinds == {"household", "document_request", "dtks_visit", "sample"}
    forms = vector_forms().values()
    types = {
        field["type"]
        for form in forms
        for f in form["fields"]
        for field in [f, *f.get("fields", [])]
    }
    assert types == set(TYPE_KEYS)
    assert len(FORM_VECTORS["cases"]) >= 30


def _office_id() -> int:
    return db.session.scalar(select(Office.id).order_by(Office.id).limit(1))


@pytest.mark.data_layer
def test_document_offers_the_office_catalogue_and_rules(ctx):
    office_id = _office_id()
    document = forms_document(office_id)
    assert document["etag"] == forms_etag(office_id)
    forms = {(f["id"], f["version"]): f for f in document["forms"]}
    request_fields = {f["name"]: f for f in forms["document_request", 1]["fields"]}
    services = db.session.scalars(
        select(Service).where(Service.office_id == office_id, Service.active)
    ).all()
    assert {o["value"] for o in request_fields["service"]["options"]} == {s.code for s in services}
    ktp = next(s for s in services if s.code == "ktp-baru")
    papers = request_fields["papers"]["options_by"]
    assert papers["field"] == "service"
    assert [o["value"] for o in papers["map"]["ktp-baru"]] == [str(r.id) for r in ktp.requirements]
    assert "options_from" not in request_fields["service"]
    visit = {f["name"]: f for f in forms["dtks_visit", 1]["fields"]}
    assert [o["value"] for o in visit["criteria_met"]["options"]][-1] == "k14"
    assert forms["dtks_visit", 1]["criteria_version"] == 1
    assert 95 in document["rules"]["provinces"] and 96 in document["rules"]["provinces"]
    json.dumps(document)  # served as it is


@pytest.mark.data_layer
def test_a_catalogue_change_changes_the_etag_but_old_choices_still_validate(ctx):
    """A request made offline for a service retired since is kept, not refused."""
    office_id = _office_id()
    before = forms_etag(office_id)
    service = db.session.scalar(
        select(Service).where(Service.office_id == office_id, Service.code == "sktm")
    )
    paper = db.session.scalar(select(Requirement).where(Requirement.service_id == service.id))
    service.active, paper.active = False, False
    db.session.commit()
    document = forms_document(office_id)
    assert document["etag"] != before
    offered = next(f for f in document["forms"] if f["id"] == "document_request")["fields"]
    assert "sktm" not in {o["value"] for o in offered[2]["options"]}
    fields = {
        "household": UUID_A,
        "member": UUID_A,
        "service": "sktm",
        "papers": [str(paper.id)],
        "tracking_code": "K7QM-2XPA-9RV",
    }
    result = validate(find_form("document_request", 1), fields, office_id)
    assert result.errors == {
        "tracking_code": "Kode lacak tidak sah: periksa lagi huruf dan angkanya."
    }
    fields["tracking_code"] = "K7QM-2XPA-9RY"
    assert validate(find_form("document_request", 1), fields, office_id).ok


@pytest.mark.data_layer
def test_kk_region_and_today_are_the_office_s(ctx, clock):
    office = db.session.get(Office, _office_id())
    office.region_code, office.timezone = "320101", "Asia/Jayapura"
    db.session.commit()
    clock.set(2026, 6, 14, 23, 30)  # in Jakarta; already 01:30 on 15 June in Jayapura
    member = {
        "id": UUID_A,
        "name": "Siti",
        "nik_status": "belum_punya",
        "sex": "P",
        "birth_date": "2026-06-15",
        "relation": "kepala_keluarga",
    }
    fields = {
        "kk_number": "3301011506200001",
        "address": "Jl. Mawar 3",
        "dusun": "Krajan",
        "rt": "003",
        "rw": "001",
        "members": [member],
    }
    result = validate(find_form("household", 1), fields, office.id)
    assert result.errors == {}
    assert result.warnings == {"kk_number": ["kk_region"]}
    office.timezone = "Asia/Jakarta"
    db.session.commit()
    result = validate(find_form("household", 1), fields, office.id)
    assert result.errors == {"members.0.birth_date": "Tanggal lahir tidak boleh sesudah hari ini."}
