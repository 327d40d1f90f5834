"""The DTKS poverty criteria (dtks_criteria.yaml), by version; checked when loaded."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

CRITERIA_FILE = Path(__file__).parent / "dtks_criteria.yaml"
_CODE = re.compile(r"^k[0-9]{2}$")


@functools.cache
def criteria_versions(path: Path = CRITERIA_FILE) -> dict[int, tuple[dict, ...]]:
    """{version: ({code, label}, ...)} for every published version (cached per process)."""
    from kiosk.sync.forms.definitions import FormDefinitionError

    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        return _versions(document)
    except (ValueError, KeyError, TypeError, yaml.YAMLError) as error:
        raise FormDefinitionError(f"{path.name}: {error}") from None


def criteria_options(version: int) -> list[dict]:
    """The criteria of one version as select options [{value: code, label}]."""
    return [{"value": c["code"], "label": c["label"]} for c in criteria_versions()[version]]


def _versions(document: dict) -> dict[int, tuple[dict, ...]]:
    versions: dict[int, tuple[dict, ...]] = {}
    for index, entry in enumerate(document["versions"]):
        number = entry["version"]
        if not isinstance(number, int) or number < 1 or number in versions:
            raise ValueError(f"versions[{index}]: bad or repeated version {number!r}")
        criteria = entry["criteria"]
        codes = [item["code"] for item in criteria]
        if not codes or len(set(codes)) != len(codes) or not all(map(_CODE.match, codes)):
            raise ValueError(f"versions[{index}]: codes must be distinct, like k01")
        if not all(isinstance(item["label"], str) and item["label"].strip() for item in criteria):
            raise ValueError(f"versions[{index}]: every criterion needs a label")
        versions[number] = tuple({"code": c["code"], "label": c["label"]} for c in criteria)
    if not versions:
        raise ValueError("no versions")
    return versions
