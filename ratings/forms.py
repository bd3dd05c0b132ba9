from captcha.fields import CaptchaField
from django import forms


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        error_messages={
            "required": "Hãy chọn số sao (từ 1 đến 5).",
            "invalid_choice": "Điểm phải là số nguyên từ 1 đến 5.",
        },
    )
    captcha = CaptchaField(
        label="Mã xác nhận",
        error_messages={"invalid": "Mã xác nhận không đúng, hãy nhập lại.", "required": "Hãy nhập mã xác nhận."},
    )
