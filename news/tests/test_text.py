import datetime as dt
from zoneinfo import ZoneInfo

from news.text import vn_date, vn_datetime

UTC = dt.UTC


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
