from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

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


class ImportReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("importer.view_importrecord")


@hooks.register("register_reports_menu_item")
def import_report_menu_item():
    return ImportReportMenuItem("Bài nhập cần bổ sung", reverse("import_follow_up"), icon_name="doc-full-inverse")
