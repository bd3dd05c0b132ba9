"""Wagtail admin report "Thống kê truy cập": the four numbers, a daily chart, most read, daily rows exported."""

import datetime as dt

import django_filters
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy

from core.reports import SafeExportReportView

from .models import DailyTotal
from .stores import get_store, local_day

PERIODS = (30, 90)


def daily_series(days):
    today = local_day(timezone.now())
    first = today - dt.timedelta(days=days - 1)
    visits = get_store().daily_visits(first, today)
    return [(first + dt.timedelta(days=n), visits.get(first + dt.timedelta(days=n), 0)) for n in range(days)]


def bar_chart(series, width=860, height=240):
    """An accessible SVG bar chart (title, description, one <title> per bar)."""
    peak = max((value for _, value in series), default=0) or 1
    left, bottom, top = 48, 28, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    step = plot_w / max(len(series), 1)
    bars = []
    for n, (day, value) in enumerate(series):
        h = plot_h * value / peak
        x = left + n * step
        bars.append(
            f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{max(step - 2, 1):.1f}" height="{h:.1f}" '
            f'fill="#9e1b1b"><title>{day:%d/%m/%Y}: {value} lượt</title></rect>'
        )
    labels = []
    for n, (day, _) in enumerate(series):
        if n % max(1, len(series) // 6) == 0:
            labels.append(f'<text x="{left + n * step:.1f}" y="{height - 8}" font-size="11">{day:%d/%m}</text>')
    axis = (
        f'<text x="4" y="{top + 10}" font-size="11">{peak}</text>'
        f'<text x="4" y="{top + plot_h}" font-size="11">0</text>'
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="#777"/>'
    )
    return (
        f'<svg role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">Lượt truy cập theo ngày</title>'
        f'<desc id="chart-desc">{len(series)} ngày, cao nhất {peak} lượt.</desc>'
        f"{axis}{''.join(bars)}{''.join(labels)}</svg>"
    )


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
            chart=bar_chart(self.series),
            series_total=sum(value for _, value in self.series),
            most_read=self.most_read(),
            store=get_store().name,
        )
        return context
