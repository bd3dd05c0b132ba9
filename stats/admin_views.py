"""Wagtail admin report "Thống kê truy cập": the four numbers, a daily chart, most read, daily rows exported."""

import datetime as dt

import django_filters
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy

from core.charts import bar_chart
from core.reports import SafeExportReportView

from .models import DailyTotal
from .stores import get_store, local_day

PERIODS = (30, 90)


def daily_series(days):
    today = local_day(timezone.now())
    first = today - dt.timedelta(days=days - 1)
    visits = get_store().daily_visits(first, today)
    return [(first + dt.timedelta(days=n), visits.get(first + dt.timedelta(days=n), 0)) for n in range(days)]


class VisitFilterSet(django_filters.FilterSet):
    """Only the period: the rows are computed by the store, not filtered from a table."""

    days = django_filters.ChoiceFilter(
        label="Khoảng thời gian",
        choices=[(str(days), f"{days} ngày qua") for days in PERIODS],
        empty_label=None,
        method="keep",
    )

    def keep(self, queryset, name, value):
        return queryset


class DayColumn(Column):
    def get_value(self, instance):
        return f"{instance['day']:%d/%m/%Y}"


class VisitReportView(SafeExportReportView):
    page_title = "Thống kê truy cập"
    header_icon = "view"
    index_url_name = "stats_report"
    index_results_url_name = "stats_report_results"
    results_template_name = "stats/admin_report_results.html"
    permission_policy = ModelPermissionPolicy(DailyTotal)
    permission_required = "view"
    filterset_class = VisitFilterSet
    paginate_by = None  # at most 90 rows, one a day
    columns = [DayColumn("day", label="Ngày"), Column("visits", label="Lượt truy cập")]
    list_export = ["day", "visits"]
    export_headings = {"day": "Ngày", "visits": "Lượt truy cập"}

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "queryset": DailyTotal.objects.none()}

    @cached_property
    def days(self):
        if self.filters is not None and self.filters.is_valid() and self.filters.form.cleaned_data.get("days"):
            return int(self.filters.form.cleaned_data["days"])
        return PERIODS[0]

    @cached_property
    def series(self):
        return daily_series(self.days)

    def get_filename(self):
        return f"thong-ke-truy-cap-{self.days}-ngay"

    def get_queryset(self):
        return [{"day": day, "visits": visits} for day, visits in self.series]

    def get_filtered_queryset(self):
        return self.get_queryset()

    def most_read(self):
        from news.models import ArticlePage

        today = local_day(timezone.now())
        top = get_store().top_articles(today - dt.timedelta(days=self.days - 1), today, limit=15)
        pages = {page.pk: page for page in ArticlePage.objects.filter(pk__in=[pk for pk, _ in top])}
        return [(pages[pk], views) for pk, views in top if pk in pages]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context.update(
            counts=get_store().counts(timezone.now()),
            days=self.days,
            periods=PERIODS,
            chart=bar_chart(
                self.series,
                "Lượt truy cập theo ngày",
                label=lambda day: f"{day:%d/%m}",
                tip=lambda day: f"{day:%d/%m/%Y}",
            ),
            series_total=sum(value for _, value in self.series),
            most_read=self.most_read(),
            store=get_store().name,
        )
        return context
