"""Point 7: the config file is TOML data (an old satupintu.cfg is parsed, never run) and the
instance folder is owner-only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from kiosk import create_app
from kiosk.config import ConfigError

BASE = {"SECRET_KEY": "x", "DATABASE_URL": "sqlite://"}


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """An empty instance folder that create_app will use."""
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.setenv("SATUPINTU_INSTANCE_PATH", str(folder))
    for key in [k for k in os.environ if k.startswith("SATUPINTU_") and "INSTANCE" not in k]:
        monkeypatch.delenv(key)
    return folder


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_toml_config_is_read(instance):
    (instance / "satupintu.toml").write_text(
        'OFFICE_NAME = "Kantor Desa Mekar"\nPRINTER_TIMEOUT = 3.5\n'
        'STATUS_RATE_LIMIT_EXEMPT = ["10.0.0.5"]\n'
    )
    app = create_app(BASE)
    assert app.config["OFFICE_NAME"] == "Kantor Desa Mekar"
    assert app.config["PRINTER_TIMEOUT"] == 3.5
    assert app.config["STATUS_RATE_LIMIT_EXEMPT"] == ["10.0.0.5"]


def test_malformed_toml_stops_start_up_with_a_clear_error(instance):
    (instance / "satupintu.toml").write_text('OFFICE_NAME = "Kantor Desa\n')
    with pytest.raises(ConfigError, match=r"satupintu\.toml is not valid TOML: .*line 1"):
        create_app(BASE)


def test_lower_case_keys_are_refused(instance):
    (instance / "satupintu.toml").write_text('office_name = "Kantor"\n')
    with pytest.raises(ConfigError, match="keys are written in capitals"):
        create_app(BASE)


def test_old_python_config_is_converted_once_without_running_it(instance):
    legacy = instance / "satupintu.cfg"
    legacy.write_text(
        '# the office\nOFFICE_NAME = "Kantor Desa Lama"\nPRINTER_TIMEOUT = 7\n'
        'STATUS_RATE_LIMIT_EXEMPT = ("127.0.0.1",)\nPRINTER_PROFILE = None\n'
    )
    app = create_app(BASE)
    assert app.config["OFFICE_NAME"] == "Kantor Desa Lama"
    assert app.config["PRINTER_TIMEOUT"] == 7
    assert app.config["STATUS_RATE_LIMIT_EXEMPT"] == ["127.0.0.1"]
    assert not legacy.exists() and (instance / "satupintu.cfg.converted").exists()
    converted = (instance / "satupintu.toml").read_text()
    assert 'OFFICE_NAME = "Kantor Desa Lama"' in converted
    assert mode(instance / "satupintu.toml") == 0o600
    assert create_app(BASE).config["OFFICE_NAME"] == "Kantor Desa Lama"  # now from the TOML


@pytest.mark.parametrize(
    "line",
    [
        "import os; os.system('touch {marker}')",
        "OFFICE_NAME = __import__('os').system('touch {marker}')",
        "if True:\n    OFFICE_NAME = 'x'",
    ],
)
def test_old_config_with_code_is_refused_and_never_run(instance, tmp_path, line):
    marker = tmp_path / "ran"
    (instance / "satupintu.cfg").write_text(line.format(marker=marker) + "\n")
    with pytest.raises(ConfigError, match=r"satupintu\.cfg, line 1: only KEY = value lines"):
        create_app(BASE)
    assert not marker.exists()
    assert not (instance / "satupintu.toml").exists()


def test_cli_reports_a_bad_config_file_without_a_traceback(instance):
    (instance / "satupintu.toml").write_text("OFFICE_NAME = \n")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "init-db"],
        env={**os.environ, "SATUPINTU_INSTANCE_PATH": str(instance)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "satupintu.toml is not valid TOML" in result.stderr
    assert "Traceback" not in result.stderr


def test_instance_folder_is_made_private_at_start(instance):
    """Files written before (or by an older version) are tightened; new ones are born 0600."""
    loose = instance / "receipts" / "old.png"
    loose.parent.mkdir()
    loose.write_bytes(b"png")
    loose.chmod(0o644)
    loose.parent.chmod(0o755)
    instance.chmod(0o755)
    create_app({"SECRET_KEY": None, "DATABASE_URL": "sqlite://"})
    assert mode(instance) == 0o700
    assert mode(loose.parent) == 0o700 and mode(loose) == 0o600
    assert mode(instance / "secret_key") == 0o600
    fresh = instance / "fresh.txt"
    fresh.write_text("x")  # any later writer in this process gets owner-only files
    assert mode(fresh) == 0o600
