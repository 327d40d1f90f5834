"""`satupintu office add/list` and `create-user --office/--regency` on a regency server."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from kiosk.cli import main


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run `satupintu` commands in-process on a fresh instance folder."""
    for key in ("SATUPINTU_DATABASE_URL", "SATUPINTU_OFFICE_NAME"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("SATUPINTU_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SATUPINTU_OFFICE_NAME", "Kantor Desa Alfa")
    monkeypatch.setenv("SATUPINTU_PASSWORD_HASH_METHOD", "pbkdf2:sha256:1000")
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None):
        return runner.invoke(main, list(args), input=stdin, catch_exceptions=False)

    return invoke


def _rows(tmp_path, sql: str) -> list[tuple]:
    with sqlite3.connect(tmp_path / "satupintu.db") as connection:
        return connection.execute(sql).fetchall()


def test_office_add_list_and_accounts_per_office(cli, tmp_path):
    assert cli("init-db").exit_code == 0
    added = cli("office", "add", "desa-b", "--name", "Kantor Desa Beta", "--hours", "always")
    assert added.exit_code == 0, added.output
    listing = cli("office", "list").output.splitlines()
    assert listing[0].startswith("kantor\tKantor Desa Alfa")
    assert listing[1].startswith("desa-b\tKantor Desa Beta\talways")
    for args in (("--office", "desa-b"), (), ("--regency",)):
        made = cli(
            "create-user",
            "--username",
            "budi",
            "--role",
            "kepala",
            "--password-stdin",
            *args,
            stdin="sandi-rahasia-1\n",
        )
        assert made.exit_code == 0, made.output
    owners = _rows(tmp_path, "SELECT office_id FROM staff_user ORDER BY id")
    assert owners == [(2,), (1,), (None,)]
    again = cli(
        "create-user",
        "--username",
        "budi",
        "--role",
        "kepala",
        "--password-stdin",
        "--office",
        "desa-b",
        stdin="sandi-rahasia-1\n",
    )
    assert again.exit_code == 1 and "sudah dipakai" in again.output
    services = _rows(tmp_path, "SELECT office_id, COUNT(*) FROM service GROUP BY office_id")
    assert services[0][1] == services[1][1] > 0


def test_office_add_refuses_a_bad_or_taken_code(cli):
    cli("init-db")
    assert "Kode kantor" in cli("office", "add", "Desa B!", "--name", "B").output
    assert "sudah dipakai" in cli("office", "add", "kantor", "--name", "B").output
    unknown = cli(
        "create-user",
        "--username",
        "x",
        "--role",
        "petugas",
        "--password-stdin",
        "--office",
        "nowhere",
        stdin="sandi-rahasia-1\n",
    )
    assert unknown.exit_code == 1 and "tidak ditemukan" in unknown.output


def test_a_camat_account_with_kecamatan(cli, tmp_path):
    cli("init-db")

    def create(*args: str):
        base = ("create-user", "--username", "camat", "--role", "kepala", "--password-stdin")
        return cli(*base, *args, stdin="sandi-rahasia-1\n")

    made = create("--regency", "--kecamatan", "330102")
    assert made.exit_code == 0 and "kecamatan 330102" in made.output, made.output
    rows = _rows(tmp_path, "SELECT office_id, kecamatan_scope FROM staff_user")
    assert rows == [(None, "330102")]
    assert create("--kecamatan", "330102").exit_code == 2  # needs --regency
    bad = create("--regency", "--kecamatan", "33")
    assert bad.exit_code == 1 and "6 angka" in bad.output
