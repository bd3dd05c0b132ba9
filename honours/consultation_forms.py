"""The readers' comment form on a consultation page: every message in Vietnamese, limits as in the model."""

from captcha.fields import CaptchaField
from django import forms

from .consultations import looks_like_contact
from .models import ConsultationComment

CONTENT_MAX = ConsultationComment._meta.get_field("content").max_length
NAME_MAX = ConsultationComment._meta.get_field("name").max_length
CONTACT_MAX = ConsultationComment._meta.get_field("contact").max_length


class ProposalChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.unit.name})" if obj.unit_id else obj.name


class CommentForm(forms.Form):
    name = forms.CharField(
        label="Họ và tên",
        max_length=NAME_MAX,
        error_messages={
            "required": "Hãy nhập họ và tên của bạn.",
            "max_length": f"Họ và tên dài tối đa {NAME_MAX} ký tự.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact = forms.CharField(
        label="Điện thoại hoặc email",
        max_length=CONTACT_MAX,
        help_text="Để cơ quan tiếp nhận liên hệ lại khi cần xác minh. Không công bố.",
        error_messages={
            "required": "Hãy nhập số điện thoại hoặc địa chỉ email.",
            "max_length": f"Thông tin liên hệ dài tối đa {CONTACT_MAX} ký tự.",
        },
    )
    proposal = ProposalChoice(
        label="Ý kiến về",
        queryset=None,
        required=False,
        empty_label="Ý kiến chung về đợt lấy ý kiến",
        error_messages={"invalid_choice": "Người / tập thể được chọn không có trong đợt lấy ý kiến này."},
    )
    content = forms.CharField(
        label="Nội dung ý kiến",
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"Tối đa {CONTENT_MAX:,} ký tự.".replace(",", "."),
        error_messages={
            "required": "Hãy nhập nội dung ý kiến.",
            "max_length": f"Nội dung dài tối đa {CONTENT_MAX:,} ký tự".replace(",", ".")
            + " (hiện có %(show_value)d ký tự).",
        },
    )
    captcha = CaptchaField(
        label="Mã xác nhận",
        error_messages={"invalid": "Mã xác nhận không đúng, hãy nhập mã mới.", "required": "Hãy nhập mã xác nhận."},
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fields["proposal"].queryset = consultation.proposals.select_related("unit").order_by("sort_order", "pk")

    def _post_clean(self):
        """Point each invalid input at its message, for screen readers (``aria-describedby``)."""
        super()._post_clean()
        for name, field in self.fields.items():
            described = [f"id_{name}-help"] if field.help_text else []
            if name in self.errors and name != "captcha":
                field.widget.attrs["aria-invalid"] = "true"
                described.append(f"id_{name}-error")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Hãy nhập họ và tên của bạn.")
        return name

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        if not looks_like_contact(contact):
            raise forms.ValidationError(
                "Hãy nhập một số điện thoại (ví dụ 0912 345 678) hoặc một địa chỉ email (ví dụ ten@example.vn)."
            )
        return contact

    def clean_content(self):
        content = self.cleaned_data["content"].strip()
        if not content:
            raise forms.ValidationError("Hãy nhập nội dung ý kiến.")
        return content

    def save(self):
        return ConsultationComment.objects.create(
            consultation=self.consultation,
            proposal=self.cleaned_data.get("proposal"),
            name=self.cleaned_data["name"],
            contact=self.cleaned_data["contact"],
            content=self.cleaned_data["content"],
        )
