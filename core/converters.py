"""URL converters for ids, bounded by the columns they are looked up in.

``<int:…>`` matches any run of digits: ``/api/ratings/99999999999999999999/``
reached the database and overflowed SQLite's 64-bit integers (a 500). An id
the table cannot hold cannot name anything, so it does not match the URL: 404.
"""

from django.urls import register_converter

from .params import INT32_MAX, INT64_MAX


class BoundedIdConverter:
    """ASCII digits (no sign), 1 … ``maximum``; ``to_python`` raising ValueError means "no match"."""

    maximum = INT64_MAX
    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if not 1 <= number <= self.maximum:
            raise ValueError(f"{value} is outside 1…{self.maximum}")
        return number

    def to_url(self, value):
        return str(int(value))


class PageIdConverter(BoundedIdConverter):
    """Wagtail page ids (a 32-bit ``integer`` column on PostgreSQL)."""

    maximum = INT32_MAX
    regex = "[0-9]{1,10}"


PAGE_ID = "page_id"
BIG_ID = "big_id"

register_converter(PageIdConverter, PAGE_ID)
register_converter(BoundedIdConverter, BIG_ID)
