"""A wheel of the project carries what a served office needs outside the kiosk package: the
field PWA shell (field_pwa/, found beside kiosk/ by kiosk.fieldapp.shell)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from kiosk.fieldapp.shell import ROOT as SHELL_ROOT

REPO = Path(__file__).resolve().parents[1]


def test_the_wheel_carries_every_file_of_the_field_app(tmp_path):
    source = tmp_path / "src"  # a copy: building in place would leave build/ in the checkout
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(".venv", ".git", "tests", "instance", "build", "*.egg-info"),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--wheel-dir", str(tmp_path / "dist"), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("satupintu-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.startswith("field_pwa/")}
    expected = {
        path.relative_to(REPO).as_posix() for path in SHELL_ROOT.rglob("*") if path.is_file()
    }
    assert expected and shipped == expected
    # Installed, the shell is looked for beside the kiosk package: site-packages/field_pwa.
    assert SHELL_ROOT == Path(sys.modules["kiosk"].__file__).resolve().parents[1] / "field_pwa"
