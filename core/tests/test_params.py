"""One integer reader: ASCII digits, bounds, a Vietnamese message; ids bounded in URLs."""

import pytest
from django.core.exceptions import BadRequest

from core.converters import PageIdConverter
from core.params import BadParameter, int_param, parse_int


@pytest.mark.parametrize("raw", ["²", "٣", "５", "1²", "+5", "1_000", "1 0", "0x10", "1e3", "\x00", "", "-", "١٢"])
def test_only_ascii_digits_are_numbers(raw):
    if raw == "":
        assert parse_int(raw, "page", default=7) == 7
        return
    with pytest.raises(BadParameter) as caught:
        parse_int(raw, "page", low=1, high=1000)
    assert caught.value.message == "Tham số “page” không hợp lệ: cần số nguyên từ 1 đến 1000."


def test_bounds_default_and_surrounding_spaces():
    with pytest.raises(BadParameter, match="từ 1900 trở lên"):
        parse_int("42", "year", low=1900)
    with pytest.raises(BadParameter, match="không quá 10"):
        parse_int("11", "n", high=10)
    assert parse_int(" 1999 ", "year", low=1900, high=2999) == 1999
    assert parse_int(None, "page", default=1) == 1
    assert parse_int("-3", "delta", low=-5, high=5) == -3


def test_numbers_too_long_for_any_column_are_refused_before_conversion():
    with pytest.raises(BadParameter):
        parse_int("9" * 5000, "page")  # int() itself would raise past 4,300 digits
    with pytest.raises(BadParameter):
        parse_int("99999999999999999999", "id", high=2**63 - 1)


def test_int_param_reads_a_mapping_and_the_error_is_a_bad_request():
    assert int_param({"trang": "3"}, "trang", default=1, low=1) == 3
    assert int_param({}, "trang", default=1, low=1) == 1
    with pytest.raises(BadRequest):  # unhandled anywhere, Django still answers 400, not 500
        int_param({"trang": "0"}, "trang", low=1)


def test_page_id_converter_refuses_ids_the_page_table_cannot_hold():
    converter = PageIdConverter()
    assert converter.to_python("2147483647") == 2**31 - 1
    for raw in ("2147483648", "0", "9999999999"):
        with pytest.raises(ValueError):
            converter.to_python(raw)
