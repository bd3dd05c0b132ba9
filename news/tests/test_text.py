import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from news.text import fold_vietnamese, vietnamese_slugify, vn_date, vn_datetime

UTC = dt.UTC


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Thi đua yêu nước", "thi-dua-yeu-nuoc"),
        ("Đảng bộ Văn phòng Chính phủ", "dang-bo-van-phong-chinh-phu"),
        ("Khối thi đua số 5: ký giao ước năm 2023!", "khoi-thi-dua-so-5-ky-giao-uoc-nam-2023"),
        ("Lễ trao Huân chương – “Lao động hạng Nhất”", "le-trao-huan-chuong-lao-dong-hang-nhat"),
        ("Ộ ớ ẵ ữ ỹ", "o-o-a-u-y"),
    ],
)
def test_slug_drops_diacritics_and_maps_d_with_stroke(title, slug):
    assert vietnamese_slugify(title) == slug


def test_fold_keeps_case_and_spacing():
    assert fold_vietnamese("Đà Nẵng – Thừa Thiên Huế") == "Da Nang – Thua Thien Hue"


def test_datetime_is_shown_in_vietnam_time_with_weekday():
    # 05:49 UTC is 12:49 in Hà Nội; 13/01/2017 was a Friday.
    moment = dt.datetime(2017, 1, 13, 5, 49, tzinfo=UTC)
    assert vn_datetime(moment) == "Thứ sáu, 13/01/2017 12:49 GMT+7"


def test_sunday_is_chu_nhat_and_date_rolls_over_at_vietnam_midnight():
    moment = dt.datetime(2023, 3, 11, 17, 30, tzinfo=UTC)  # 00:30 on Sunday 12/03 in Vietnam
    assert vn_datetime(moment) == "Chủ nhật, 12/03/2023 00:30 GMT+7"
    assert vn_date(moment) == "12/03/2023"


def test_datetime_from_another_zone_is_converted():
    moment = dt.datetime(2022, 1, 11, 11, 7, tzinfo=ZoneInfo("Europe/Paris"))
    assert vn_datetime(moment, with_weekday=False) == "11/01/2022 17:07 GMT+7"


def test_missing_datetime_renders_empty():
    assert vn_datetime(None) == ""
