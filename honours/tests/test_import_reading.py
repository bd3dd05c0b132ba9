"""Whatever bytes arrive, reading ends in a result or a Vietnamese ``ImportFileError``, never a crash."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from honours.importing import (
    ImportFileError,
    ImportResult,
    header_key,
    import_commendations,
    parse_date,
    parse_kind,
    parse_year,
)

from .importing_helpers import csv_bytes, row, xlsx

VALID_XLSX = xlsx([row(), row(name="Trần Thị Bình")])
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def outcome(data, name):
    try:
        return import_commendations(data, name, dry_run=True)
    except ImportFileError as error:
        assert str(error)
        return error


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(["a.xlsx", "a.csv", "a"]))
def test_random_bytes(db, data, name):
    outcome(data, name)


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(VALID_XLSX) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_a_damaged_workbook(db, flips):
    data = bytearray(VALID_XLSX)
    for position, value in flips:
        data[position] = value
    outcome(bytes(data), "hong.xlsx")


@SETTINGS
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=300))
def test_any_text_in_a_cell_is_a_row_to_check_not_a_broken_file(db, text):
    for data, name in (
        (xlsx([row(name=text, year=text, date=text)]), "a.xlsx"),
        (csv_bytes([row(unit=text, kind=text)]), "a.csv"),
    ):
        assert isinstance(outcome(data, name), ImportResult)


def test_a_truncated_workbook(db):
    with pytest.raises(ImportFileError, match="Không đọc được tệp Excel"):
        import_commendations(VALID_XLSX[: len(VALID_XLSX) // 2], "cut.xlsx")


@pytest.mark.parametrize(
    ("text", "key"),
    [("Họ tên / Tên tập thể", "ho ten ten tap the"), ("  NGÀY   QUYẾT ĐỊNH ", "ngay quyet dinh"), ("Đơn vị", "don vi")],
)
def test_header_keys(text, key):
    assert header_key(text) == key


@pytest.mark.parametrize("value", ["12/04/2021", "12/4/2021", "12-04-2021", "12.04.2021", "2021-04-12", 44298])
def test_dates(value):
    import datetime as dt

    assert parse_date(value) == dt.date(2021, 4, 12)


@pytest.mark.parametrize("value", ["04/31/2021", "12/04/21", "hôm qua", "01/01/1900"])
def test_bad_dates(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_years_and_kinds():
    assert parse_year(2021.0) == parse_year("2021") == 2021
    for bad in ("21", "2021.5", "1944", "2101", "năm 2021"):
        with pytest.raises(ValueError):
            parse_year(bad)
    assert parse_kind("CÁ NHÂN") == parse_kind("ca nhan") == parse_kind("ca-nhan") == "ca-nhan"
    assert parse_kind("Tập thể") == "tap-the"
    with pytest.raises(ValueError):
        parse_kind("Cá nhân, tập thể")
