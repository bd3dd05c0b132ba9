"""Input formats for Vietnamese: day first.

Wagtail's date pickers write ``WAGTAIL_DATE_FORMAT``/``WAGTAIL_DATETIME_FORMAT`` (``24/11/2026 09:00``)
and Django must read the same back. Django's own ``vi`` locale sets no input formats, so the defaults
(month first, ``%m/%d/%Y``) rejected every date after the 12th: a new article could not even be
saved as a draft. Output formats still come from Django's ``vi`` locale.
"""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
