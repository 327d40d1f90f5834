"""The SIKS-NG export: its columns and rows match docs/siks-ng-export.md for a seeded set of
households (read back from the XLSX with openpyxl and from the CSV with csv), it is logged
as a data export, and an exported proposal is not exported twice."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from dtks_support import household
from sqlalchemy import select
from staff_support import seed, user

from kiosk import clock
from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.models import DataAccess
from kiosk.offices.current import current_office
from kiosk.welfare.dtks import export, steps
from kiosk.welfare.dtks.service import propose

pytestmark = pytest.mark.data_layer
DOC = Path(__file__).resolve().parent.parent / "docs" / "siks-ng-export.md"


def documented_columns() -> list[str]:
    """The column names of the documented layout's table, in order."""
    return re.findall(r"^\| \d+ \| `([a-z_]+)` \|", DOC.read_text(encoding="utf-8"), re.M)


def _agreed(officer, home, kind="baru", reason=None, criteria=("k01", "k02")):
    case = propose(home, kind, officer, channel="desk", removal_reason=reason)
    steps.record_visit(
        case,
        officer,
        outcome="ditemui",
        criteria_met=list(criteria),
        note=None,
        visited_on=clock.today(),
    )
    steps.list_for_meeting(case, officer)
    files.change_status(case, "disepakati_musyawarah", None, officer, via="meeting")  # meeting
    return case


@pytest.fixture
def made(app):
    """Two agreed households (3 and 1 members) and one not agreed; one export of them."""
    seed(app)
    with app.test_request_context():
        officer = user("petugas1")
        sumber = household(
            "Bambang", dusun="Sumber", rt="002", kk="3201010101010002", nik="3201011705800100"
        )
        krajan = household(
            "Siti Aminah",
            dusun="Krajan",
            rt="001",
            kk="3201010101010001",
            nik="3201015705800100",
            others=(("Budi", "suami"), ("Ani", "anak")),
        )
        cases = [_agreed(officer, sumber, "penghapusan", "pindah", ()), _agreed(officer, krajan)]
        propose(household("Citra"), "baru", officer, channel="desk")
        made = export.make_export(current_office().id, officer)
        yield officer, made, cases


def test_the_documented_layout_is_the_code_layout():
    assert documented_columns() == list(export.COLUMNS)


def test_the_xlsx_and_csv_rows_match_the_layout(made):
    officer, made, (sumber, krajan) = made
    assert made.row_count == 4 and made.layout_version == 1
    book = openpyxl.load_workbook(io.BytesIO(export.export_xlsx(made, officer)))
    sheet = [[c or "" for c in row] for row in book.active.iter_rows(values_only=True)]
    text = export.export_csv(made, officer)
    assert text.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert sheet == table  # the same cells, every one as text
    header, *rows = table
    assert header == documented_columns()
    got = [dict(zip(header, row, strict=True)) for row in rows]
    day = clock.today().isoformat()
    office = current_office()
    assert [(r["no"], r["nama"], r["hubungan"], r["nik"]) for r in got] == [
        ("1", "Siti Aminah", "Kepala Keluarga", "3201015705800100"),
        ("2", "Budi", "Suami", "3201015705800101"),
        ("3", "Ani", "Anak", "3201015705800102"),
        ("4", "Bambang", "Kepala Keluarga", "3201011705800100"),
    ]
    assert got[0] | {"no": "", "nik": "", "nama": "", "hubungan": ""} == {
        "no": "",
        "jenis_usulan": "baru",
        "alasan_penghapusan": "",
        "nomor_kk": "3201010101010001",
        "nik": "",
        "nama": "",
        "hubungan": "",
        "jenis_kelamin": "P",
        "tanggal_lahir": "1980-05-17",
        "alamat": "Jl. Mawar 3",
        "rt": "001",
        "rw": "002",
        "dusun": "Krajan",
        "desa": office.name,
        "kode_kecamatan": office.region_code or "",
        "tanggal_musyawarah": day,
        "hasil_musyawarah": "disepakati",
        "kriteria_terpenuhi": "k01;k02",
        "versi_kriteria": "1",
        "kode_berkas": krajan.tracking_code,
    }
    assert (got[3]["jenis_usulan"], got[3]["alasan_penghapusan"]) == ("penghapusan", "pindah")
    assert (got[3]["kriteria_terpenuhi"], got[3]["kode_berkas"]) == ("", sumber.tracking_code)


def test_every_download_is_logged_and_nothing_is_exported_twice(made):
    officer, made, _cases = made
    export.export_csv(made, officer)
    export.export_xlsx(made, officer)
    logged = db.session.scalars(select(DataAccess).where(DataAccess.kind == "export")).all()
    assert [(e.user_id, e.results) for e in logged] == [(officer.id, 4), (officer.id, 4)]
    assert export.exportable(current_office().id) == []
    with pytest.raises(export.NothingToExport):
        export.make_export(current_office().id, officer)
