"""Filters of the ratings report: campaign, author, a day-first date range."""

import django_filters
from django import forms
from django_filters.fields import DateRangeField
from wagtail.admin.filters import DateRangePickerWidget

from news.dates import DATE_INVALID
from news.models import Author, CampaignPage

from .models import Rating

RANGE_REVERSED = "“Đến ngày” phải sau hoặc bằng “Từ ngày”."


class DayFirstDateRangeField(DateRangeField):
    """Two dates typed dd/mm/yyyy with Wagtail's picker; a bad one gets the Vietnamese message with an example."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields:
            field.error_messages["invalid"] = DATE_INVALID

    def clean(self, value):
        span = super().clean(value)
        if span and span.start and span.stop and span.stop < span.start:
            raise forms.ValidationError(RANGE_REVERSED)
        return span


class DayFirstDateRangeFilter(django_filters.DateFromToRangeFilter):
    """Query parameters ``<name>_from`` / ``<name>_to``; the end day is included (up to 23:59:59 Vietnam time)."""

    field_class = DayFirstDateRangeField


class RatingFilterSet(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(
        label="Phong trào",
        field_name="page__campaign",
        queryset=CampaignPage.objects.order_by("title"),
        empty_label="Tất cả",
    )
    author = django_filters.ModelChoiceFilter(
        label="Tác giả",
        field_name="page__authors",
        queryset=Author.objects.order_by("name"),
        empty_label="Tất cả",
    )
    # Named ``date`` so the widget's parameters are ``date_from`` and ``date_to``.
    date = DayFirstDateRangeFilter(label="Ngày đánh giá", field_name="updated_at", widget=DateRangePickerWidget)

    class Meta:
        model = Rating
        fields = []
