"""The shipped service catalogue: it validates, covers the office's services, loads idempotently."""

from __future__ import annotations

import copy

import pytest
import yaml
from sqlalchemy import func, select

from kiosk.catalogue.loader import DATA_DIR, CatalogueError, read_holidays, read_services
from kiosk.catalogue.service import LoadReport, find_service, load_catalogue
from kiosk.extensions import db
from kiosk.models import Holiday, Requirement, Service, ServiceGroup

pytestmark = pytest.mark.data_layer

# Population-administration documents: free of charge by law (UU 24/2013 Pasal 79A).
ADMINDUK = (
    "ktp-baru",
    "ktp-hilang-rusak",
    "ktp-perubahan",
    "kk-baru",
    "kk-perubahan",
    "kk-pisah",
    "kk-hilang-rusak",
    "akta-kelahiran",
    "akta-kematian",
    "surat-pindah",
    "kia",
)
REQUIRED = (*ADMINDUK, "sktm", "domisili", "dtks", "kis")


@pytest.fixture(scope="module")
def document() -> dict:
    """The shipped services.yaml, parsed and validated."""
    return read_services()


@pytest.fixture(scope="module")
def services(document) -> dict[str, dict]:
    """Shipped services by code."""
    return {service["code"]: service for service in document["services"]}


def test_required_services_are_shipped(services):
    """Every service the office must offer is in the catalogue."""
    assert set(REQUIRED) <= set(services)


def test_prefixes_are_unique_single_letters(document):
    """Each service has its own ticket letter, never I or O (read as 1 and 0)."""
    prefixes = [service["prefix"] for service in document["services"]]
    assert len(prefixes) == len(set(prefixes))
    for prefix in prefixes:
        assert len(prefix) == 1 and prefix.isupper() and prefix not in "IO"


def test_every_service_lists_bilingual_requirements_of_a_known_kind(document):
    """Requirements are brought, made at the office, or captured by an officer."""
    for service in document["services"]:
        assert service["requirements"], service["code"]
        for requirement in service["requirements"]:
            assert requirement["kind"] in ("bring", "made", "captured"), service["code"]
            assert requirement["label"]["id"].strip() and requirement["label"]["en"].strip()
            assert requirement["why"]["id"].strip(), service["code"]


@pytest.mark.parametrize("code", ADMINDUK)
def test_adminduk_services_are_free_with_legal_basis_and_time_standard(document, services, code):
    """Adminduk documents cost nothing, cite the law, and promise a number of working days."""
    service = services[code]
    assert service["fee"] == 0
    assert service["fee_note"] == "adminduk_free"
    assert "79A" in document["legal_notes"]["adminduk_free"]["id"]
    assert isinstance(service["time_standard_days"], int) and service["time_standard_days"] > 0


def test_time_standards_are_days_or_an_explained_no_promise(document, services):
    """A time standard is whole working days (0 = same day); without one, a note explains why."""
    for service in document["services"]:
        days = service.get("time_standard_days")
        if days is None:
            assert service.get("time_note", {}).get("id"), service["code"]
        else:
            assert isinstance(days, int) and days >= 0, service["code"]
    assert services["sktm"]["time_standard_days"] == 0
    assert services["domisili"]["time_standard_days"] == 0


def test_shipped_holidays_include_christmas_2026():
    """holidays.yaml parses to dates; 25 December 2026 is a national holiday."""
    days = {entry["date"].isoformat(): entry for entry in read_holidays()}
    assert days["2026-12-25"]["kind"] == "libur"


def test_loaded_catalogue_matches_the_file(ctx, document):
    """The database holds every shipped service with its requirements, fees and prefixes."""
    for data in document["services"]:
        service = find_service(data["code"])
        if data.get("retired"):
            assert service is None, data["code"]  # never offered to a new office
            continue
        assert service is not None, data["code"]
        assert service.prefix == data["prefix"]
        assert service.fee == data["fee"]
        assert [r.kind for r in service.requirements] == [r["kind"] for r in data["requirements"]]
    assert find_service("ktp-baru").is_free
    assert "79A" in find_service("ktp-baru").text("fee_note", "id")


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (ServiceGroup, Service, Requirement, Holiday)
    }


def test_load_catalogue_twice_adds_nothing(ctx, document):
    """A second load (the fixture did the first) changes no counts and reports nothing added."""
    before = _counts()
    assert before["Service"] == len([s for s in document["services"] if not s.get("retired")])
    assert before["ServiceGroup"] == len(document["groups"])
    assert before["Holiday"] == len(read_holidays())
    assert load_catalogue() == LoadReport(groups=0, services=0, holidays=0)
    assert _counts() == before


def test_reload_keeps_an_admin_edit(ctx):
    """Rows already in the database are left as an admin edited them."""
    service = find_service("sktm")
    service.name = {"id": "SKTM (diubah admin)", "en": "SKTM (edited)"}
    db.session.commit()
    load_catalogue()
    db.session.expire_all()
    assert find_service("sktm").text("name", "id") == "SKTM (diubah admin)"


def _write(tmp_path, name: str, data) -> object:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return path


def _shipped() -> dict:
    return copy.deepcopy(yaml.safe_load((DATA_DIR / "services.yaml").read_text("utf-8")))


def _bad_kind(doc):
    doc["services"][0]["requirements"][0]["kind"] = "brings"


def _duplicate_prefix(doc):
    doc["services"][1]["prefix"] = doc["services"][0]["prefix"]


def _letter_o(doc):
    doc["services"][0]["prefix"] = "O"


def _no_requirements(doc):
    doc["services"][0]["requirements"] = []


def _requirement_as_text(doc):
    doc["services"][0]["requirements"][0] = "Kartu Keluarga"


def _unknown_group(doc):
    doc["services"][0]["group"] = "nowhere"


def _negative_fee(doc):
    doc["services"][0]["fee"] = -5000


def _missing_english(doc):
    del doc["services"][0]["name"]["en"]


def _no_services(doc):
    del doc["services"]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_bad_kind, r"services\[0\] \(ktp-baru\)\.requirements\[0\]: kind must be one of bring"),
        (_duplicate_prefix, r"services\[1\] \(ktp-hilang-rusak\): code or prefix used twice"),
        (_letter_o, r"ktp-baru\): prefix must be one capital letter other than I and O"),
        (_no_requirements, r"ktp-baru\): needs at least one requirement"),
        (_requirement_as_text, r"requirements\[0\]: expected 'key: value' entries"),
        (_unknown_group, r"group 'nowhere' is not defined"),
        (_negative_fee, r"fee must be a whole number of rupiah"),
        (_missing_english, r"ktp-baru\)\.name: needs an English text"),
        (_no_services, r"services\.yaml: missing top-level 'services'"),
    ],
)
def test_malformed_services_name_the_entry_and_field(tmp_path, mutate, message):
    """Each kind of mistake raises CatalogueError saying where and what."""
    document = _shipped()
    mutate(document)
    path = _write(tmp_path, "services.yaml", document)
    with pytest.raises(CatalogueError, match=message):
        read_services(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("services: [\n", r"cannot read .*services\.yaml"),
        ("", r"services\.yaml: expected 'key: value' entries"),
        ("- just\n- a list\n", r"services\.yaml: expected 'key: value' entries"),
    ],
)
def test_unreadable_services_file(tmp_path, text, message):
    """Broken YAML, an empty file or a list instead of a mapping are CatalogueErrors too."""
    with pytest.raises(CatalogueError, match=message):
        read_services(_write(tmp_path, "services.yaml", text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- {date: '2026-02-30', name: {id: x, en: y}}\n", r"date '2026-02-30' is not YYYY-MM-DD"),
        ("- {date: 2026-13-01, name: {id: x, en: y}}\n", r"cannot read .*month must be in 1..12"),
        ("- {name: {id: x, en: y}}\n", r"holidays\.yaml\[0\]: date is missing"),
        ("- 2026-12-25\n", r"holidays\.yaml\[0\]: expected 'key: value' entries"),
        ("- {date: 2026-12-25, name: Natal}\n", r"holidays\.yaml\[0\]\.name: needs an Indonesian"),
    ],
)
def test_malformed_holidays(tmp_path, text, message):
    """A bad holiday entry raises CatalogueError naming the entry."""
    with pytest.raises(CatalogueError, match=message):
        read_holidays(_write(tmp_path, "holidays.yaml", text))
