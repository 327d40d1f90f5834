"""The blocks of the welfare desk home: each feature (referrals, meeting...) registers a
function that gives its partial's data for an office; the home page merges them."""

from __future__ import annotations

from collections.abc import Callable

BlockContext = Callable[[int | None], dict]

_blocks: dict[str, BlockContext] = {}


def register(name: str, fn: BlockContext) -> None:
    """Give the home page `fn(office_id) -> dict` under `name` (registering again replaces)."""
    _blocks[name] = fn


def registered() -> tuple[str, ...]:
    """The names of the registered blocks, in registration order."""
    return tuple(_blocks)


def home_context(office_id: int | None) -> dict:
    """Every registered block's data for the office, merged into one template context."""
    merged: dict = {}
    for fn in _blocks.values():
        merged.update(fn(office_id))
    return merged
