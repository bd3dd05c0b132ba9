from django.urls import path
from wagtail import hooks

from core.admin_menu import PermissionMenuItem

from .views import ImportFollowUpView


@hooks.register("register_admin_urls")
def import_report_urls():
    return [
        path("reports/bai-nhap/", ImportFollowUpView.as_view(), name="import_follow_up"),
        path(
            "reports/bai-nhap/results/",
            ImportFollowUpView.as_view(results_only=True),
            name="import_follow_up_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def import_report_menu_item():
    return PermissionMenuItem(
        "Bài nhập cần bổ sung", "import_follow_up", "importer.view_importrecord", "doc-full-inverse"
    )
