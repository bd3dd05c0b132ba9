"""English admin (a permitted admin language): same day-first input as Vietnamese.

Wagtail's widgets still show and pick dd/mm/yyyy for an English-speaking
editor, and Django's own ``en`` module would read 05/11/2026 as 11 May.
"""

from thidua_site.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS  # noqa: F401

FIRST_DAY_OF_WEEK = 1
