"""Admin reports of imports: articles still needing a picture or a date, and re-imports held back."""

import datetime

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from core.reports import SafeExportReportView

from .models import ImportConflict, ImportRecord
from .services import BYLINE_KEY, differences, latest_version


class ImportReportView(SafeExportReportView):
    """Import reports are open to whoever may view import records (editors, reviewers, admins)."""

    permission_policy = ModelPermissionPolicy(ImportRecord)
    permission_required = "view"


class ImportFollowUpView(ImportReportView):
    page_title = "Bài nhập cần bổ sung"
    header_icon = "doc-full-inverse"
    index_url_name = "import_follow_up"
    index_results_url_name = "import_follow_up_results"
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


class ImportConflictReportView(ImportReportView):
    """Re-imports held back because an editor changed the article since its import."""

    page_title = "Bài nhập bị xung đột"
    header_icon = "warning"
    index_url_name = "import_conflicts"
    index_results_url_name = "import_conflicts_results"
    columns = [
        TitleColumn(
            "title",
            label="Bài viết",
            accessor="record.article.draft_title",
            url_name="import_conflict_diff",
            id_accessor="pk",
        ),
        Column("changed_summary", label="Khác ở"),
        Column("source_file", label="Tệp nhập lại"),
        DateColumn("detected_at", label="Phát hiện lúc"),
    ]
    list_export = ["record.article.draft_title", "changed_summary", "source_file", "detected_at"]
    export_headings = {
        "record.article.draft_title": "Bài viết",
        "changed_summary": "Khác ở",
        "source_file": "Tệp nhập lại",
        "detected_at": "Phát hiện lúc",
    }

    def get_filename(self):
        return f"bai-nhap-xung-dot-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        return ImportConflict.objects.select_related("record__article").order_by("-detected_at")


class ImportConflictDiffView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """What the held-back file would change, shown with Wagtail's own revision comparison.

    Left of each change is the editor's current version (struck through), right is the file's.
    """

    template_name = "importer/conflict_diff.html"
    permission_policy = ImportReportView.permission_policy
    permission_required = "view"
    page_title = "Xung đột khi nhập lại"
    header_icon = "warning"

    def dispatch(self, request, *args, pk, **kwargs):
        self.conflict = get_object_or_404(ImportConflict.objects.select_related("record__article"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.conflict.record.article.draft_title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("import_conflicts"), "label": ImportConflictReportView.page_title},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.conflict.record.article
        editor_version = latest_version(article)
        content = dict(self.conflict.incoming)
        byline = content.pop(BYLINE_KEY, None)
        incoming = article.with_content_json(content)
        context.update(
            conflict=self.conflict,
            article=article,
            comparison=differences(editor_version, incoming, byline),
        )
        return context
