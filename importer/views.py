"""Admin report: imported articles that still need a picture or a publication date."""

import datetime

from django.db.models import Q
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.permission_policies import ModelPermissionPolicy

from core.reports import SafeExportReportView

from .models import ImportRecord


class ImportFollowUpView(SafeExportReportView):
    page_title = "Bài nhập cần bổ sung"
    header_icon = "doc-full-inverse"
    index_url_name = "import_follow_up"
    index_results_url_name = "import_follow_up_results"
    permission_policy = ModelPermissionPolicy(ImportRecord)
    permission_required = "view"
    columns = [
        TitleColumn(
            "title",
            label="Bài viết",
            accessor="article.draft_title",
            url_name="wagtailadmin_pages:edit",
            id_accessor="article_id",
        ),
        Column("missing_photos", label="Ảnh chờ bổ sung"),
        BooleanColumn("needs_review", label="Chưa có thời gian đăng"),
        Column("source_file", label="Tệp nguồn"),
        DateColumn("imported_at", label="Nhập lúc"),
    ]
    list_export = ["article.draft_title", "missing_photos", "needs_review", "source_file", "imported_at"]
    export_headings = {
        "article.draft_title": "Bài viết",
        "missing_photos": "Ảnh chờ bổ sung",
        "needs_review": "Chưa có thời gian đăng",
        "source_file": "Tệp nguồn",
        "imported_at": "Nhập lúc",
    }

    def get_filename(self):
        return f"bai-nhap-can-bo-sung-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        return (
            ImportRecord.objects.filter(Q(missing_photos__gt=0) | Q(needs_review=True))
            .select_related("article")
            .order_by("-needs_review", "-missing_photos", "-imported_at")
        )
