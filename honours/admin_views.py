"""Admin report "Khen thưởng theo đơn vị và năm": for communications staff, a chart of awards per year and
one row per unit and year, exported to XLSX/CSV through the project's safe ``ReportView``."""

import django_filters
from django.db.models import Count, Q
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy

from core.charts import bar_chart
from core.reports import SafeExportReportView
from news.models import Organisation

from .models import AwardForm, Commendation, Kind


class AwardsFilterSet(django_filters.FilterSet):
    year_from = django_filters.NumberFilter(field_name="year", lookup_expr="gte", label="Từ năm")
    year_to = django_filters.NumberFilter(field_name="year", lookup_expr="lte", label="Đến năm")
    award = django_filters.ModelChoiceFilter(
        queryset=AwardForm.objects.all(), label="Hình thức khen thưởng", empty_label="Tất cả"
    )
    unit = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label="Đơn vị", empty_label="Tất cả")
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label="Đối tượng", empty_label="Tất cả")

    class Meta:
        model = Commendation
        fields = []


class AwardsReportView(SafeExportReportView):
    page_title = "Khen thưởng theo đơn vị và năm"
    header_icon = "success"
    index_url_name = "honours_awards_report"
    index_results_url_name = "honours_awards_report_results"
    results_template_name = "honours/admin_awards_report_results.html"
    permission_policy = ModelPermissionPolicy(Commendation)
    permission_required = "view"
    filterset_class = AwardsFilterSet
    paginate_by = 50
    columns = [
        Column("unit", label="Đơn vị"),
        Column("year", label="Năm"),
        Column("total", label="Số lượt"),
        Column("individuals", label="Cá nhân"),
        Column("collectives", label="Tập thể"),
    ]
    list_export = ["unit", "year", "total", "individuals", "collectives"]
    export_headings = {
        "unit": "Đơn vị",
        "year": "Năm",
        "total": "Số lượt khen thưởng",
        "individuals": "Cá nhân",
        "collectives": "Tập thể",
    }

    def get_filename(self):
        return "khen-thuong-theo-don-vi-va-nam"

    def get_base_queryset(self):
        return Commendation.objects.all()

    def get_queryset(self):
        return Commendation.objects.all()

    @cached_property
    def commendations(self):
        queryset = Commendation.objects.all()
        if self.filters is not None and self.filters.is_valid():
            queryset = self.filters.filter_queryset(queryset)
        return queryset

    def get_filtered_queryset(self):
        rows = (
            self.commendations.values("unit__name", "year")
            .annotate(
                total=Count("pk"),
                individuals=Count("pk", filter=Q(kind=Kind.INDIVIDUAL)),
                collectives=Count("pk", filter=Q(kind=Kind.COLLECTIVE)),
            )
            .order_by("-year", "-total", "unit__name")
        )
        return [
            {
                "unit": row["unit__name"] or "(không ghi đơn vị)",
                "year": row["year"],
                "total": row["total"],
                "individuals": row["individuals"],
                "collectives": row["collectives"],
            }
            for row in rows
        ]

    def per_year(self):
        counts = dict(self.commendations.values_list("year").annotate(n=Count("pk")).order_by("year"))
        if not counts:
            return []
        return [(year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        series = self.per_year()
        context.update(
            chart=bar_chart(series, "Số lượt khen thưởng theo năm", every=1) if series else "",
            series_total=sum(value for _, value in series),
        )
        return context
