"""The three-way merge of an edit made on a tablet against the version it started from.

Per top-level field: what the edit changed (against its base) is applied unless the record
changed that same field since, to another value; then the server's value is kept and both
are recorded as a clash for the office to review. Nothing is dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Merge:
    """The record's fields after the edit, what the edit changed, and what clashed."""

    fields: dict
    changed: list[str]
    clashes: dict[str, dict] = field(default_factory=dict)
    kind: str | None = None  # None (edit of the latest version), "parallel" or "conflict"


def same(left: object, right: object) -> bool:
    """Equal as JSON (so 1 and true differ, and key order does not matter)."""
    return _canonical(left) == _canonical(right)


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def merge(base: dict, current: dict, incoming: dict, *, behind: bool) -> Merge:
    """Merge `incoming` (an edit of `base`) into `current`; `behind`: the record moved on
    since `base` (else `current` is `base` and the edit applies whole). A null or absent
    value removes the field."""
    result = dict(current)
    changed, clashes = [], {}
    for name in sorted(set(base) | set(current) | set(incoming)):
        mine = incoming.get(name)
        if same(mine, base.get(name)):
            continue  # the edit left this field as it found it
        changed.append(name)
        theirs = current.get(name)
        if not same(theirs, base.get(name)) and not same(theirs, mine):
            clashes[name] = {"kept": theirs, "incoming": mine}
            continue
        if mine is None:
            result.pop(name, None)
        else:
            result[name] = mine
    kind = "conflict" if clashes else ("parallel" if behind else None)
    return Merge(result, changed, clashes, kind)
