from django.urls import path
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from core.admin_menu import PermissionMenuItem

from .services import IMPORT_ACTION
from .views import ImportConflictDiffView, ImportConflictReportView, ImportFollowUpView


@hooks.register("register_admin_urls")
def import_report_urls():
    return [
        path("reports/bai-nhap/", ImportFollowUpView.as_view(), name="import_follow_up"),
        path(
            "reports/bai-nhap/results/",
            ImportFollowUpView.as_view(results_only=True),
            name="import_follow_up_results",
        ),
        path("reports/bai-nhap-xung-dot/", ImportConflictReportView.as_view(), name="import_conflicts"),
        path(
            "reports/bai-nhap-xung-dot/results/",
            ImportConflictReportView.as_view(results_only=True),
            name="import_conflicts_results",
        ),
        path("reports/bai-nhap-xung-dot/<int:pk>/", ImportConflictDiffView.as_view(), name="import_conflict_diff"),
    ]


@hooks.register("register_reports_menu_item")
def import_report_menu_item():
    return PermissionMenuItem(
        "Bài nhập cần bổ sung", "import_follow_up", "importer.view_importrecord", "doc-full-inverse"
    )


@hooks.register("register_reports_menu_item")
def import_conflict_menu_item():
    return PermissionMenuItem("Bài nhập bị xung đột", "import_conflicts", "importer.view_importrecord", "warning")


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    """History shows each import, naming its file (``importer.services.import_export`` logs it)."""

    @actions.register_action(IMPORT_ACTION)
    class ImportLogFormatter(LogFormatter):
        label = "Nhập từ tệp xuất"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            file_name = data.get("file", "")
            outcome = data.get("outcome")
            if outcome == "forced":
                return (
                    f"Nhập lại từ tệp “{file_name}” theo --force, thay phiên bản của biên tập viên "
                    f"(phiên bản #{data.get('editor_revision')} vẫn được giữ để khôi phục)"
                )
            if outcome == "updated":
                return f"Cập nhật khi nhập lại tệp “{file_name}”"
            return f"Nhập từ tệp “{file_name}”"
