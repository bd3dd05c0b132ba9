"""Admin upload of decision lists ("Nhập danh sách khen thưởng") and the XLSX template to fill in.

The form runs the same import as ``manage.py import_commendations`` (``honours.importing``), with
a size and row limit so that one upload stays within one request; longer lists go through the
command. Any file an officer may pick, a corrupt workbook or a picture renamed .xlsx included,
ends on this page with a Vietnamese reason, never on a server error.

The menu item is not registered here: the "Khen thưởng" submenu that holds it is built elsewhere,
which includes ``import_menu_item()``.
"""

import logging
from pathlib import Path

from django import forms
from django.http import HttpResponse
from django.urls import path, reverse
from django.views.generic import FormView, View
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from core.admin_menu import PermissionMenuItem

from .importing import (
    COLUMNS,
    MAX_ADMIN_ROWS,
    MAX_FILE_BYTES,
    ImportFileError,
    error_counts,
    import_commendations,
    template_workbook,
)
from .models import Commendation

logger = logging.getLogger(__name__)

PERMISSION = "honours.add_commendation"
TEMPLATE_NAME = "mau-danh-sach-khen-thuong.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def megabytes(size):
    """5242880 → "5 MB", 1536000 → "1,5 MB": sizes as a Vietnamese reader writes them."""
    value = size / (1024 * 1024)
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} MB"


def thousands(number):
    return f"{number:,}".replace(",", ".")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh sách",
        help_text=f"Tệp Excel (.xlsx) hoặc CSV (.csv, mã UTF-8), tối đa {megabytes(MAX_FILE_BYTES)} "
        f"và {thousands(MAX_ADMIN_ROWS)} dòng.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={
            "required": "Hãy chọn tệp danh sách cần nhập.",
            "empty": "Tệp rỗng.",
            "invalid": "Không nhận được tệp: hãy chọn lại.",
        },
    )
    create_missing = forms.BooleanField(
        label="Tạo mới hình thức khen thưởng và đơn vị chưa có trong danh mục",
        required=False,
        help_text="Không chọn: tên chưa có trong danh mục được báo lỗi để sửa lại cho đúng.",
    )
    dry_run = forms.BooleanField(
        label="Chỉ kiểm tra, chưa nhập",
        required=False,
        help_text="Đọc và kiểm tra toàn bộ tệp, báo lỗi hoặc số bản ghi sẽ tạo, không ghi gì.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix == ".xls":
            raise forms.ValidationError(
                "Định dạng .xls (Excel 97–2003) không được hỗ trợ: hãy mở tệp và lưu lại thành .xlsx."
            )
        if suffix not in (".xlsx", ".csv"):
            raise forms.ValidationError("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"Tệp nặng {megabytes(upload.size)}, quá giới hạn {megabytes(MAX_FILE_BYTES)} cho một lần "
                "tải lên: hãy chia thành nhiều tệp hoặc nhờ quản trị viên nhập bằng lệnh import_commendations."
            )
        return upload


class ImportPermissionMixin(PermissionCheckedMixin):
    permission_policy = ModelPermissionPolicy(Commendation)
    permission_required = "add"


class ImportView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "honours/admin_import/upload.html"
    form_class = UploadForm
    page_title = "Nhập danh sách khen thưởng"
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            columns=COLUMNS,
            template_url=reverse("honours_import_template"),
            action_url=reverse("honours_import"),
        )
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = import_commendations(
                upload.read(),
                upload.name,
                create_missing=form.cleaned_data["create_missing"],
                dry_run=form.cleaned_data["dry_run"],
                max_rows=MAX_ADMIN_ROWS,
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        except Exception:  # a file shape nobody foresaw: logged for us, a reason for the officer, nothing written
            logger.exception("Nhập danh sách khen thưởng: lỗi không lường trước với tệp %s", upload.name)
            form.add_error(
                "file",
                "Không xử lý được tệp này do một lỗi chưa lường trước; chưa có gì được nhập. Lỗi đã được ghi lại, "
                "hãy gửi tệp cho quản trị viên.",
            )
            return self.form_invalid(form)
        # A fresh form for the next file; the checkboxes keep the officer's choice.
        next_form = self.form_class(
            initial={"create_missing": form.cleaned_data["create_missing"], "dry_run": form.cleaned_data["dry_run"]}
        )
        return self.render_to_response(
            self.get_context_data(
                form=next_form,
                result=result,
                file_name=upload.name,
                column_counts=error_counts(result.errors),
            )
        )


class TemplateDownloadView(ImportPermissionMixin, View):
    def get(self, request):
        response = HttpResponse(template_workbook(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_NAME}"'
        return response


@hooks.register("register_admin_urls")
def import_urls():
    return [
        path("nhap-khen-thuong/", ImportView.as_view(), name="honours_import"),
        path("nhap-khen-thuong/mau.xlsx", TemplateDownloadView.as_view(), name="honours_import_template"),
    ]


def import_menu_item(order=300):
    """ "Nhập danh sách" for the "Khen thưởng" submenu, shown only to those who may add commendations."""
    item = PermissionMenuItem("Nhập danh sách", "honours_import", PERMISSION, "upload")
    item.order = order
    return item
