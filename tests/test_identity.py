"""NIK and Nomor KK validation, table-driven (domain.md §5)."""

import datetime as dt

import pytest

from kiosk.files.identity import check_kk, check_nik, province_codes

TODAY = dt.date(2026, 11, 23)
D = dt.date


@pytest.mark.parametrize(
    ("nik", "birth", "sex"),
    [
        ("3201011708450001", D(1945, 8, 17), "L"),  # man born 17-08-1945
        ("3201015708450002", D(1945, 8, 17), "P"),  # woman: day + 40
        ("3273014101000001", D(2000, 1, 1), "P"),  # 01-01-2000, the year 00 is 2000
        ("3273012902000003", D(2000, 2, 29), "L"),  # leap day 2000
        ("3273016902960004", D(1996, 2, 29), "P"),  # leap day 1996, woman
        ("1171010101260001", D(2026, 1, 1), "L"),  # baby born this year
        ("9471013112990009", D(1999, 12, 31), "L"),  # Papua Tengah code 94
        ("9571014506020003", D(2002, 6, 5), "P"),  # Papua Pegunungan code 95
        ("9601012208850007", D(1985, 8, 22), "L"),  # Papua Barat Daya code 96
        ("3201 0117 0845 0001", D(1945, 8, 17), "L"),  # spaces as typed from the card
    ],
)
def test_valid_nik(ctx, nik, birth, sex):
    result = check_nik(nik, today=TODAY)
    assert result.ok, result.errors
    assert (result.birth_date, result.sex) == (birth, sex)
    assert check_nik(nik, birth_date=birth, sex=sex, today=TODAY).ok


@pytest.mark.parametrize(
    ("nik", "expected"),
    [
        ("", "wajib diisi"),
        ("32010117084500", "harus 16 digit; yang diisi 14 digit"),
        ("320101170845000123", "harus 16 digit; yang diisi 18 digit"),
        ("32010117O8450001", "hanya boleh berisi angka"),
        ("9901011708450001", "bukan kode provinsi"),  # 99 is no province
        ("9701011708450001", "bukan kode provinsi"),  # 97 is no province (yet)
        ("2001011708450001", "bukan kode provinsi"),  # 20 is no province
        ("3200011708450001", "tidak boleh 00"),  # regency 00
        ("3201003108450001", "tidak boleh 00"),  # kecamatan 00
        ("3201013208450001", "bukan tanggal lahir"),  # day 32
        ("3201017208450001", "bukan tanggal lahir"),  # day 72 (woman's 32)
        ("3201010008450001", "bukan tanggal lahir"),  # day 00
        ("3201013102450001", "tidak ada di kalender"),  # 31 February
        ("3201012902010001", "tidak ada di kalender"),  # 29-02-2001 / 1901
        ("3201016902010001", "tidak ada di kalender"),  # woman, 29-02-01
        ("3201011713450001", "tidak ada di kalender"),  # month 13
        ("3201011700450001", "tidak ada di kalender"),  # month 00
        ("3201011708450000", "tidak boleh 0000"),
    ],
)
def test_invalid_nik_says_what_is_wrong(ctx, nik, expected):
    result = check_nik(nik, today=TODAY)
    assert not result.ok
    assert expected in " ".join(result.errors)


def test_two_digit_year_never_lands_in_the_future(ctx):
    """24-12-26 is 2026 only until Christmas 2026; on 23 Nov 2026 it means 1926."""
    assert check_nik("3201012412260001", today=TODAY).birth_date == D(1926, 12, 24)
    assert check_nik("3201012311260001", today=TODAY).birth_date == D(2026, 11, 23)


@pytest.mark.parametrize(
    ("birth", "sex", "flag", "expected"),
    [
        (D(1945, 8, 18), None, "nik_birth_date", "tidak sama dengan tanggal di NIK"),
        (D(1946, 8, 17), None, "nik_birth_date", "tidak sama dengan tanggal di NIK"),
        (None, "P", "nik_sex", "NIK ini milik seorang laki-laki"),
    ],
)
def test_birth_date_or_sex_disagreement_only_warns(ctx, birth, sex, flag, expected):
    """A NIK never changes when a birth date is corrected: warn and flag, never refuse."""
    result = check_nik("3201011708450001", birth_date=birth, sex=sex, today=TODAY)
    assert result.ok and result.flags == [flag]
    assert expected in " ".join(result.warnings)


def test_woman_entered_as_man_is_flagged(ctx):
    result = check_nik("3201015708450002", sex="L", today=TODAY)
    assert result.ok and "NIK ini milik seorang perempuan" in " ".join(result.warnings)


def test_nik_from_elsewhere_is_normal_but_a_kk_from_elsewhere_warns(ctx):
    assert check_nik("3301011708450001", today=TODAY).warnings == []
    result = check_kk("3301011503150007", region_prefix="320101", today=TODAY)
    assert result.ok and result.flags == ["kk_region"]
    assert "di luar wilayah" in result.warnings[0]
    assert check_kk("3201011503150007", region_prefix="320101", today=TODAY).flags == []


def test_province_codes_are_data_for_all_38_provinces(ctx):
    codes = province_codes()
    assert len(codes) == 38 and {95, 96} <= codes


@pytest.mark.parametrize(
    ("kk", "ok"),
    [
        ("3201011503150007", True),
        ("3201013202150007", False),  # 32 February
        ("3201011503150000", False),  # serial 0000
        ("32010115031500", False),  # 14 digits
        ("9901011503150007", False),  # province 99
    ],
)
def test_kk_number(ctx, kk, ok):
    assert check_kk(kk, today=TODAY).ok is ok
