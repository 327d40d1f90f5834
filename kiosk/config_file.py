"""The instance config file: TOML data (never executed), and a one-time conversion of the old
Python-syntax satupintu.cfg."""

from __future__ import annotations

import ast
import logging
import tomllib
from pathlib import Path

import tomli_w

CONFIG_FILE = "satupintu.toml"
LEGACY_CONFIG_FILE = "satupintu.cfg"
CONVERTED_SUFFIX = ".converted"
log = logging.getLogger(__name__)


class ConfigFileError(ValueError):
    """The instance file cannot be read; the message names the file and the place."""


def read_instance_config(instance: Path) -> dict:
    """The keys of instance/satupintu.toml ({} when absent); converts an old satupintu.cfg first."""
    path = instance / CONFIG_FILE
    legacy = instance / LEGACY_CONFIG_FILE
    if legacy.exists() and not path.exists():
        convert_legacy_config(legacy, path)
    if not path.exists():
        return {}
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigFileError(f"{path} is not valid TOML: {error}") from None
    wrong = [key for key in values if not key.isupper()]
    if wrong:
        raise ConfigFileError(
            f"{path}: keys are written in capitals (OFFICE_NAME = ...), not {', '.join(wrong)}"
        )
    return values


def convert_legacy_config(legacy: Path, target: Path) -> None:
    """Write `target` (TOML) from the KEY = literal lines of `legacy`, then set `legacy` aside.

    The old file is parsed, never run: anything but plain assignments of literals is refused.
    """
    values = legacy_values(legacy)
    header = (
        f"# Converted from {legacy.name} (kept as {legacy.name}{CONVERTED_SUFFIX}). TOML: strings\n"
        '# in "quotes", numbers bare, lists in [ ]. SATUPINTU_* environment variables win.\n'
    )
    target.write_text(header + tomli_w.dumps(values), encoding="utf-8")
    legacy.rename(legacy.with_name(legacy.name + CONVERTED_SUFFIX))
    log.warning("converted %s to %s; the old file is no longer read", legacy, target)


def legacy_values(legacy: Path) -> dict:
    """The KEY = literal assignments of an old config file, without executing it."""
    try:
        tree = ast.parse(legacy.read_text(encoding="utf-8"), filename=str(legacy))
    except (SyntaxError, UnicodeDecodeError) as error:
        raise ConfigFileError(f"{legacy} cannot be read: {error}") from None
    values: dict = {}
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else None
        if not (isinstance(target, ast.Name) and target.id.isupper() and len(node.targets) == 1):
            raise _refuse(legacy, node)
        try:
            value = ast.literal_eval(node.value)
        except ValueError:
            raise _refuse(legacy, node) from None
        if value is not None:  # TOML has no null; None means "the default" anyway
            values[target.id] = list(value) if isinstance(value, tuple) else value
    return values


def _refuse(legacy: Path, node: ast.stmt) -> ConfigFileError:
    return ConfigFileError(
        f"{legacy}, line {node.lineno}: only KEY = value lines (text, numbers, lists) can be "
        f"converted to {CONFIG_FILE}. Write {CONFIG_FILE} by hand and remove {legacy.name}."
    )
