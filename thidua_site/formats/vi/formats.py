"""Vietnamese formats: typed and shown ngày/tháng/năm, like WAGTAIL_DATE_FORMAT.

Display formats replace Django's "Ngày d tháng n năm Y", which Wagtail's admin
used for timestamps and tooltips next to fields that show 15/12/2025 08:04.
Anything missing here falls back to ``django.conf.locale.vi.formats``.
"""

from thidua_site.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS  # noqa: F401

DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "j/n"
FIRST_DAY_OF_WEEK = 1  # Thứ hai
