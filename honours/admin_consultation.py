"""The admin side of public consultations: the reviewers' queue of readers' comments and the
"Ban hành quyết định" step that turns a consultation's proposals into commendations.

Comments are personal data sent by the public (a name, a phone number or an email): only people with
``honours.moderate_consultationcomment`` (and superusers) see them, through a permission policy of
their own rather than the model's add/change/delete permissions, so giving an editor "change
consultation" never opens the queue. Nobody adds comments from the admin (they come from the public
form only) and only superusers delete them; reviewers mark them accepted or dismissed instead, so
the record of what the public said stays complete.

The viewset is registered without a menu item (``comments_viewset``); the app's menu group
places it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from news.text import vn_datetime

from .consultations import issue_decision
from .models import CommentStatus, Consultation, ConsultationComment, Decision

MODERATE = "honours.moderate_consultationcomment"
ISSUE = "honours.add_commendation"
# A spreadsheet cell starting with one of these is run as a formula by Excel and LibreOffice: text
# typed by the public must not become one (CSV injection). XLSX cells are typed, Wagtail keeps them text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def may_moderate(user):
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(MODERATE)))


class CommentModerationPolicy(ModelPermissionPolicy):
    """View and change (status, note) with the moderation permission; never add; delete: superusers."""

    def user_has_permission(self, user, action):
        if not (user.is_authenticated and user.is_active):
            return False
        if action == "add":
            return False
        if action == "delete":
            return user.is_superuser
        return may_moderate(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        actions = set(actions) - {"add"}
        if not actions:
            return self.auth_model._default_manager.none()
        if actions == {"delete"}:
            return self._get_users_with_any_permission_codenames([])
        return self._get_users_with_any_permission_codenames(["moderate_consultationcomment"])

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


register_permission_policy(ConsultationComment, CommentModerationPolicy(ConsultationComment))


def vn_stamp(value):
    """Day first in Vietnam time, as everywhere on the site: "24/11/2026 15:30"."""
    return vn_datetime(value, with_weekday=False).rsplit(" GMT", 1)[0] if value else ""


def spreadsheet_text(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class Shown(FieldPanel):
    """A read-only field: what the public sent is evidence, never edited; blanks as a dash, lines kept."""

    def __init__(self, field_name, **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, **kwargs)

    def format_value_for_display(self, value):
        if value is None or value == "":
            return "—"
        if isinstance(value, str) and "\n" in value:
            return linebreaksbr(value, autoescape=True)
        return super().format_value_for_display(value)


class CommentIndexView(IndexView):
    # Dates as readers of the sheet expect them; text from the public never becomes a formula.
    custom_field_preprocess = {
        "created_at": {"csv": vn_stamp, "xlsx": vn_stamp},
        "reviewed_at": {"csv": vn_stamp, "xlsx": vn_stamp},
        **{
            field: {"csv": spreadsheet_text, "xlsx": spreadsheet_text}
            for field in ("consultation", "proposal", "name", "contact", "content", "reviewer_note", "reviewed_by")
        },
    }

    @cached_property
    def columns(self):
        """The time of sending leads and links to the review form (Wagtail links only a named first field)."""
        columns = super().columns
        first = self._get_title_column("created_at")
        first.label = "Thời điểm gửi"
        first.accessor = lambda comment: vn_stamp(comment.created_at)
        return [first, *columns[1:]]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("consultation", "proposal", "reviewed_by")

    def stream_csv(self, queryset):
        """A byte-order mark first: Excel on Windows reads a CSV without one as ANSI and garbles Vietnamese."""
        yield "\ufeff"
        yield from super().stream_csv(queryset)


class CommentEditView(EditView):
    """Reviewers set the status and a note; who and when are written here, never typed."""

    def save_instance(self):
        comment = self.form.instance
        comment.reviewed_by = self.request.user
        comment.reviewed_at = timezone.now()
        return super().save_instance()

    def get_success_message(self):
        return f"Đã cập nhật ý kiến của “{self.object.name}”: {self.object.get_status_display().lower()}."


class CommentViewSet(ModelViewSet):
    model = ConsultationComment
    icon = "comment"
    name = "y-kien-gop-y"
    menu_label = "Ý kiến góp ý"
    add_to_admin_menu = False
    menu_hook = "register_khen_thuong_menu_item"  # inside the "Khen thưởng" group (honours.wagtail_hooks)
    index_view_class = CommentIndexView
    edit_view_class = CommentEditView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50
    ordering = ["-created_at"]
    list_filter = ["consultation", "status"]
    search_fields = ["name", "contact", "content"]
    search_backend_name = None
    list_display = [
        Column("created_at", label="Thời điểm gửi", accessor=lambda c: vn_stamp(c.created_at), sort_key="created_at"),
        "consultation",
        Column("proposal", label="Về người / tập thể", accessor=lambda c: c.proposal or "Ý kiến chung"),
        "name",
        "contact",
        StatusTagColumn(
            "status",
            label="Tình trạng",
            accessor="get_status_display",
            primary=lambda c: c.status == CommentStatus.PENDING,
            sort_key="status",
        ),
    ]
    list_export = [
        "created_at",
        "consultation",
        "proposal",
        "name",
        "contact",
        "content",
        "get_status_display",
        "reviewer_note",
        "reviewed_by",
        "reviewed_at",
    ]
    export_headings = {
        "created_at": "Thời điểm gửi",
        "consultation": "Đợt lấy ý kiến",
        "proposal": "Về người / tập thể",
        "name": "Họ tên",
        "contact": "Điện thoại hoặc email",
        "content": "Nội dung",
        "get_status_display": "Tình trạng",
        "reviewer_note": "Ghi chú xử lý",
        "reviewed_by": "Người xử lý",
        "reviewed_at": "Thời điểm xử lý",
    }
    export_filename = "y-kien-gop-y"
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([Shown("consultation"), Shown("proposal")]),
                FieldRowPanel(
                    [
                        Shown("name"),
                        Shown("contact"),
                        Shown("created_at"),
                    ]
                ),
                Shown("content"),
            ],
            heading="Ý kiến của người gửi",
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("reviewer_note"),
                FieldRowPanel([Shown("reviewed_by"), Shown("reviewed_at")]),
            ],
            heading="Xử lý",
        ),
    ]


comments_viewset = CommentViewSet()


@hooks.register("register_admin_viewset")
def register_comments_viewset():
    return comments_viewset


# --- "Ban hành quyết định" ------------------------------------------------------------------------


class IssueDecisionForm(forms.Form):
    """An existing decision, or the few fields of a new one; then an explicit confirmation."""

    decision = forms.ModelChoiceField(
        Decision.objects.all(),
        required=False,
        label="Quyết định đã có",
        empty_label="— Tạo quyết định mới bên dưới —",
        help_text="Chọn nếu quyết định đã được nhập; nếu chưa, điền các ô của quyết định mới.",
    )
    number = forms.CharField(
        label="Số, ký hiệu (quyết định mới)", max_length=64, required=False, help_text="Ví dụ: 1520/QĐ-TTg."
    )
    date = forms.DateField(label="Ngày ký", required=False, widget=AdminDateInput)
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=255, required=False)
    signer = forms.CharField(label="Người ký", max_length=255, required=False)
    confirm = forms.BooleanField(
        label="Tôi xác nhận quyết định đã được ban hành",
        error_messages={"required": "Hãy đánh dấu ô xác nhận trước khi ban hành."},
    )

    def clean(self):
        data = super().clean()
        new_fields = ("number", "date", "issuer")
        if data.get("decision"):
            if any(data.get(name) for name in (*new_fields, "signer")):
                raise ValidationError("Chọn một quyết định đã có hoặc tạo quyết định mới, không chọn cả hai.")
            return data
        for name in new_fields:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, "Cần điền khi tạo quyết định mới.")
        number = " ".join((data.get("number") or "").split())
        if number and Decision.objects.filter(number=number).exists():
            self.add_error("number", f"Quyết định số {number} đã có: hãy chọn nó trong danh sách ở trên.")
        data["number"] = number
        return data

    def decision_to_issue(self):
        data = self.cleaned_data
        if data.get("decision"):
            return data["decision"]
        return Decision.objects.create(
            number=data["number"], date=data["date"], issuer=data["issuer"], signer=data.get("signer") or ""
        )


def issue_decision_url(consultation):
    return reverse("honours_issue_decision", args=[consultation.pk])


@require_http_methods(["GET", "POST"])
def issue_decision_view(request, pk):
    if not (request.user.is_active and request.user.has_perm(ISSUE)):
        # A plain 403 (Wagtail would turn PermissionDenied into a redirect to the dashboard).
        return HttpResponseForbidden(
            "Bạn không có quyền ban hành quyết định khen thưởng.", content_type="text/plain; charset=utf-8"
        )
    consultation = get_object_or_404(Consultation.objects.select_related("award", "decision", "campaign"), pk=pk)
    initial = {"decision": consultation.decision_id} if consultation.decision_id else {}
    form = IssueDecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                decision = form.decision_to_issue()
                created = issue_decision(consultation, decision)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(request, f"Đã ban hành {decision}: thêm {created} khen thưởng vào bảng vàng.")
            else:
                messages.info(request, f"{decision} đã gắn với đợt lấy ý kiến; không có khen thưởng mới.")
            return redirect(issue_decision_url(consultation))
    now = timezone.now()
    proposals = list(consultation.proposals.select_related("unit").order_by("sort_order", "pk"))
    comment_count = consultation.comments.count()
    pending = consultation.comments.filter(status=CommentStatus.PENDING).count()
    return TemplateResponse(
        request,
        "honours/admin/issue_decision.html",
        {
            "consultation": consultation,
            "form": form,
            "proposals": proposals,
            "comment_count": comment_count,
            "pending": pending,
            "comments_url": (
                reverse(comments_viewset.get_url_name("index")) + f"?consultation={consultation.pk}"
                if may_moderate(request.user)
                else None
            ),
            "still_open": consultation.is_open(now),
            "closes_at": vn_stamp(consultation.closes_at),
            "opens_at": vn_stamp(consultation.opens_at),
            "header_title": f"Ban hành quyết định: {consultation.title}",
        },
    )


@hooks.register("register_admin_urls")
def issue_decision_urls():
    return [path("khen-thuong/lay-y-kien/<int:pk>/ban-hanh/", issue_decision_view, name="honours_issue_decision")]


@hooks.register("register_snippet_listing_buttons")
def issue_decision_button(snippet, user, next_url=None):
    """In the consultations' snippet listing: a way to the issuing step for those allowed to use it."""
    if isinstance(snippet, Consultation) and user.has_perm(ISSUE):
        yield ListingButton("Ban hành quyết định", issue_decision_url(snippet), icon_name="success", priority=50)
