"""The CSV list of households for the field worklist: reading it (UTF-8 with or without BOM,
`;` or `,`), line-numbered Indonesian errors, and importing it twice without duplicates."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from staff_support import seed, user

from kiosk.extensions import db
from kiosk.fieldoffice.assignments import Period
from kiosk.fieldoffice.household_csv import read_household_csv
from kiosk.fieldoffice.household_import import import_households
from kiosk.models import FieldAssignment, Household, Person, SyncRecord
from kiosk.offices.service import find_first_office

KK = "3201011503150007"
OTHER_KK = "3201011503150008"
HEADER = "kk_number,address,dusun,rt,rw,head_name"
PERIOD = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def _csv(*rows: str, header: str = HEADER, sep: str = ",") -> bytes:
    return "\n".join([header.replace(",", sep), *rows]).encode()


def test_reads_semicolons_a_bom_quotes_and_cleans_like_the_counter(ctx):
    """Excel's "CSV UTF-8" (BOM, `;`), quoted fields with the separator inside, RT padded."""
    data = "\ufeff".encode() + _csv(
        f"{KK};Jl. Mawar 3;Krajan;1;2;Siti Aminah",
        ';"Gang Melati; belakang masjid";Krajan;004;002;Budi  Santoso',
        "",
        sep=";",
    )
    read = read_household_csv(data)
    assert read.errors == []
    first, second = read.households
    assert (first.line, first.kk_number, first.rt, first.rw) == (2, KK, "001", "002")
    assert (second.kk_number, second.address, second.head_name) == (
        None,
        "Gang Melati; belakang masjid",
        "Budi Santoso",
    )


def test_columns_may_come_in_any_order_and_any_case(ctx):
    read = read_household_csv(
        _csv("Ani,003,001,Kulon,Jl. Kenanga", header="HEAD_NAME,rt,rw,dusun,Address,kk_number")
    )
    assert read.errors == []
    assert read.households[0].dusun == "Kulon" and read.households[0].kk_number is None


def test_every_problem_names_its_line(ctx):
    read = read_household_csv(
        _csv(
            "32010115031500,Jl. A,Krajan,1,1,Ani",
            ",,Krajan,1,1,Budi",
            ",Jl. C,,x,,C",
            f"{KK},Jl. D,Krajan,1,1,Dewi",
            f"{KK},Jl. E,Krajan,1,1,Eko",
        )
    )
    assert read.errors == [
        "Baris 2: Nomor KK harus 16 digit; yang diisi 14 digit.",
        "Baris 3: Alamat wajib diisi (jalan/kampung).",
        "Baris 4: Dusun wajib diisi.",
        "Baris 4: RT diisi angka, paling banyak 3 digit (contoh 003).",
        "Baris 4: RW wajib diisi.",
        "Baris 4: Nama kepala keluarga wajib diisi (2 sampai 120 huruf).",
        "Baris 6: keluarga ini sama dengan baris 5.",
    ]
    assert [h.line for h in read.households] == [5]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Berkas kosong."),
        (
            b"kk_number;alamat\n",
            "Baris 1: kolom address, dusun, rt, rw, head_name tidak ada",
        ),
        ("kk_number,address\nÀ".encode("latin-1"), "Berkas bukan UTF-8."),
    ],
)
def test_a_file_that_is_not_a_household_list_says_why(ctx, data, message):
    read = read_household_csv(data)
    assert read.households == [] and len(read.errors) == 1
    assert read.errors[0].startswith(message)


@pytest.mark.data_layer
def test_importing_the_same_list_twice_adds_nothing(app):
    """New households with their head are made once; a KK already on record is reused; the
    second import reuses all of them and assigns nothing twice."""
    seed(app)
    data = _csv(
        f"{KK},Jl. Mawar 3,Krajan,1,2,Siti Aminah",
        ",Gang Melati,Krajan,4,2,Budi Santoso",
        f"{OTHER_KK},Jl. Kenanga 1,Kulon,2,1,Dewi",
    )
    with app.app_context():
        office_id = find_first_office().id
        db.session.add(
            Household(
                kk_number=OTHER_KK,
                address="Jl. Kenanga 1",
                office_id=office_id,
                created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            )
        )
        db.session.commit()
        officer, admin = user("lapangan"), user("admin")
        first = import_households(read_household_csv(data), officer, PERIOD, admin, office_id)
        assert (first.created, first.reused, first.assigned, first.already_assigned) == (2, 1, 3, 0)
        again = read_household_csv(data.replace(b"Gang Melati", b"gang  melati"))
        second = import_households(again, officer, PERIOD, admin, office_id)
        assert (second.created, second.reused, second.assigned, second.already_assigned) == (
            0,
            3,
            0,
            3,
        )
        assert db.session.scalar(select(func.count(Household.id))) == 3
        heads = db.session.scalars(select(Person).order_by(Person.id)).all()
        assert [(p.name, p.relation, p.nik) for p in heads] == [
            ("Siti Aminah", "kepala_keluarga", None),
            ("Budi Santoso", "kepala_keluarga", None),
        ]
        rows = db.session.scalars(select(FieldAssignment)).all()
        assert len(rows) == 3
        homes = {row.household.uuid for row in rows}  # each pulled by the tablet as a record
        assert set(db.session.scalars(select(SyncRecord.uuid))) == homes
        assert {(r.officer_id, r.form, r.period_start, r.period_end) for r in rows} == {
            (officer.id, "dtks_visit", PERIOD.start, PERIOD.end)
        }
