"""Wagtail admin: "Đánh giá bài viết" — per article (table, CSV, XLSX), per campaign, distribution."""

import datetime as dt

from django.db.models import Avg, Count, Max
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.permission_policies import ModelPermissionPolicy

from core.reports import SafeExportReportView

from .filters import RatingFilterSet
from .models import Rating


def distribution_chart(counts, width=420, height=200):
    peak = max(counts.values(), default=0) or 1
    bars, step = [], (width - 40) / 5
    for n in range(1, 6):
        value = counts.get(n, 0)
        h = (height - 50) * value / peak
        x = 30 + (n - 1) * step
        bars.append(
            f'<rect x="{x:.0f}" y="{height - 30 - h:.0f}" width="{step - 12:.0f}" height="{h:.0f}" fill="#c98a00">'
            f"<title>{n} sao: {value}</title></rect>"
            f'<text x="{x + 4:.0f}" y="{height - 12}" font-size="13">{n}★</text>'
            f'<text x="{x + 4:.0f}" y="{height - 34 - h:.0f}" font-size="12">{value}</text>'
        )
    return (
        f'<svg role="img" aria-labelledby="dist-title" viewBox="0 0 {width} {height}" width="{width}" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="dist-title">Phân bố số sao</title>{"".join(bars)}</svg>'
    )


class AverageColumn(Column):
    """Two decimals with the Vietnamese decimal comma (3,50)."""

    def get_value(self, instance):
        return number_format(super().get_value(instance), 2)


class LocalTimeColumn(Column):
    """dd/mm/yyyy HH:MM in Vietnam time, like every date in the admin."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _local_naive(value):
    """XLSX cells carry no time zone: write Vietnam time, which is what the reader means."""
    return timezone.make_naive(value, timezone.get_current_timezone()) if value else value


class RatingReportView(SafeExportReportView):
    page_title = "Đánh giá bài viết"
    header_icon = "pick"
    index_url_name = "ratings_report"
    index_results_url_name = "ratings_report_results"
    results_template_name = "ratings/admin_report_results.html"
    permission_policy = ModelPermissionPolicy(Rating)
    permission_required = "view"
    filterset_class = RatingFilterSet
    paginate_by = 100
    default_ordering = "-count"
    columns = [
        TitleColumn(
            "title", label="Bài viết", accessor="page__title", url_name="wagtailadmin_pages:edit", id_accessor="page_id"
        ),
        Column("campaign", label="Phong trào", accessor="page__campaign__title"),
        AverageColumn("average", label="Trung bình", sort_key="average"),
        Column("count", label="Lượt", sort_key="count"),
        LocalTimeColumn("last", label="Lần cuối", sort_key="last"),
    ]
    list_export = ["page__title", "page__campaign__title", "average", "count", "last"]
    export_headings = {
        "page__title": "Bài viết",
        "page__campaign__title": "Phong trào",
        "average": "Điểm trung bình",
        "count": "Số lượt",
        "last": "Lần đánh giá cuối",
    }
    custom_field_preprocess = {
        "page__campaign__title": {"csv": lambda v: v or "", "xlsx": lambda v: v or ""},
        "average": {"csv": lambda v: f"{v:.2f}", "xlsx": lambda v: round(v, 2)},
        "last": {"csv": lambda v: timezone.localtime(v).isoformat(timespec="seconds"), "xlsx": _local_naive},
    }

    def get_filename(self):
        return f"danh-gia-bai-viet-{dt.date.today():%Y-%m-%d}"

    @cached_property
    def ratings(self):
        """The ratings under the editor's filters; none at all when a filter is invalid.

        Wagtail would ignore an invalid filter; unfiltered totals shown under a
        filter the editor believes applied would mislead.
        """
        ratings = Rating.objects.all()
        if self.filters is None:
            return ratings
        if not self.filters.is_valid():
            return ratings.none()
        return self.filters.filter_queryset(ratings)

    def get_queryset(self):
        ordering = self.ordering if isinstance(self.ordering, str) else "-count"
        return (
            self.ratings.values("page_id", "page__title", "page__campaign__title")
            .annotate(average=Avg("score"), count=Count("id"), last=Max("updated_at"))
            .order_by(ordering, "-count", "-average", "page__title")
        )

    def get_filtered_queryset(self):
        return self.get_queryset()  # filters are applied to the ratings, before grouping by article

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        counts = {row["score"]: row["n"] for row in self.ratings.values("score").annotate(n=Count("id"))}
        context["per_campaign"] = list(
            self.ratings.values("page__campaign__title")
            .annotate(average=Avg("score"), count=Count("id"), articles=Count("page", distinct=True))
            .order_by("-count")
        )
        context["chart"] = distribution_chart(counts)
        context["total"] = sum(counts.values())
        return context
