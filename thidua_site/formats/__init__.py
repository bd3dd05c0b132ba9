"""Django format modules (FORMAT_MODULE_PATH): dates are typed and shown day first.

Django's own ``vi`` locale defines no input formats, so Django fell back to its
global, American defaults and read ``05/11/2026`` as 5 November → 11 May (and
refused ``24/11/2026``, the very value Wagtail's date picker writes). Wagtail's
admin widgets render and pick dates with ``WAGTAIL_DATE_FORMAT`` (``%d/%m/%Y``)
whatever the admin language, so every language the admin offers must parse the
same day-first shapes; ISO ``yyyy-mm-dd`` stays accepted, month/day never is.
"""

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 15/12/2025 — what the admin shows and the date picker writes
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y-%m-%d",  # ISO
]

TIME_INPUT_FORMATS = [
    "%H:%M",
    "%H:%M:%S",
    "%H:%M:%S.%f",
]

DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 15/12/2025 08:04 — WAGTAIL_DATETIME_FORMAT
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M",  # ISO, with a space or a T
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
]
