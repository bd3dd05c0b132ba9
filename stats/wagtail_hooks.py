from django.urls import path
from wagtail import hooks

from core.admin_menu import PermissionMenuItem

from .admin_views import VisitReportView


@hooks.register("register_admin_urls")
def stats_urls():
    return [
        path("reports/thong-ke-truy-cap/", VisitReportView.as_view(), name="stats_report"),
        path(
            "reports/thong-ke-truy-cap/results/",
            VisitReportView.as_view(results_only=True),
            name="stats_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def stats_menu_item():
    return PermissionMenuItem("Thống kê truy cập", "stats_report", "stats.view_dailytotal", "view")
