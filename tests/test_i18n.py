"""Translations: the template is current, English is complete, the compiled catalogue matches."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "kiosk" / "translations"
POT = TRANSLATIONS / "messages.pot"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.mo"
# Keywords beyond Babel's defaults (_, gettext, ngettext...): flask-babel's lazy_gettext as _l.
EXTRA_KEYWORDS = ("_l", "lazy_gettext")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
REFRESH = (
    "pybabel extract -F babel.cfg -k _l --no-location --sort-output "
    "-o kiosk/translations/messages.pot . && "
    "pybabel update -i kiosk/translations/messages.pot -d kiosk/translations"
)


def load(path: Path) -> Catalog:
    """Read a .po/.pot file."""
    with path.open("rb") as handle:
        return read_po(handle)


def key(message) -> str:
    """The singular msgid of a (possibly plural) message."""
    return message.id if isinstance(message.id, str) else message.id[0]


def msgids(catalog: Catalog) -> set[str]:
    """Singular msgids of a catalogue, without the header entry."""
    return {key(m) for m in catalog if m.id}


def forms(value) -> tuple[str, ...]:
    """A msgid or msgstr as a tuple of its (plural) forms."""
    return (value,) if isinstance(value, str) else tuple(value)


@pytest.fixture(scope="module")
def pot() -> Catalog:
    """The committed template."""
    return load(POT)


@pytest.fixture(scope="module")
def english() -> Catalog:
    """The committed English catalogue."""
    return load(PO)


def test_every_template_msgid_is_translated_to_english(pot, english):
    """Each msgid of messages.pot has a non-empty, non-fuzzy English msgstr."""
    assert len(msgids(pot)) > 50
    problems = []
    for message in pot:
        if not message.id:
            continue
        translated = english.get(message.id)
        if translated is None:
            problems.append(f"missing: {key(message)!r}")
        elif translated.fuzzy:
            problems.append(f"fuzzy: {key(message)!r}")
        elif not all(s.strip() for s in forms(translated.string)) or not forms(translated.string):
            problems.append(f"empty: {key(message)!r}")
    assert not problems, "English catalogue incomplete:\n" + "\n".join(problems)


def test_translations_keep_their_placeholders(english):
    """%(name)s placeholders in a msgid appear in every form of its translation."""
    problems = []
    for message in english:
        if not message.id or not message.string:
            continue
        wanted = set().union(*(PLACEHOLDER.findall(i) for i in forms(message.id)))
        for translated in forms(message.string):
            got = set(PLACEHOLDER.findall(translated))
            if got != wanted and not (len(forms(message.id)) > 1 and got < wanted):
                problems.append(f"{key(message)!r}: {sorted(got)} != {sorted(wanted)}")
    assert not problems, "\n".join(problems)


def test_english_catalogue_has_no_format_errors(english):
    """Babel's own checks (the ones `pybabel compile` runs) find nothing."""
    errors = [(key(m), [str(e) for e in errs]) for m, errs in english.check()]
    assert not errors


def test_compiled_catalogue_matches_the_po(english):
    """The .mo the app loads holds exactly the .po's current translations."""
    assert MO.exists(), "no compiled catalogue: run `make translations`"
    with MO.open("rb") as handle:
        compiled = read_mo(handle)
    expected = {
        forms(m.id): forms(m.string)
        for m in english
        if m.id and not m.fuzzy and any(forms(m.string))
    }
    actual = {forms(m.id): forms(m.string) for m in compiled if m.id}
    stale = sorted(k[0] for k, v in expected.items() if actual.get(k) != v)
    assert not stale, f"messages.mo is older than messages.po (run `make translations`): {stale}"


def test_pot_contains_every_string_marked_for_translation(tmp_path, pot):
    """A fresh `pybabel extract` finds no msgid that the committed .pot lacks, and vice versa."""
    fresh_path = tmp_path / "messages.pot"
    command = [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg"]
    for keyword in EXTRA_KEYWORDS:
        command += ["-k", keyword]
    command += ["-o", str(fresh_path), "--no-location", "--omit-header", "."]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    fresh = msgids(load(fresh_path))
    assert "Selamat datang. Pilih layanan yang Anda perlukan:" in fresh  # templates were read
    assert "Layanan tidak ditemukan." in fresh  # Python sources were read
    committed = msgids(pot)
    missing = sorted(fresh - committed)
    obsolete = sorted(committed - fresh)
    assert not missing, f"{len(missing)} msgids not in messages.pot; run {REFRESH}: {missing}"
    assert not obsolete, f"messages.pot has msgids no code uses; run {REFRESH}: {obsolete}"


def test_plural_messages_stay_plural(pot, english):
    """A msgid with a plural form is plural in English too (and the reverse)."""
    for message in pot:
        if message.id:
            translated = english.get(message.id)
            if translated is not None:  # missing ones fail the completeness test
                assert message.pluralizable == translated.pluralizable, key(message)
