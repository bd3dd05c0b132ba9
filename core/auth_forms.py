"""Login forms that refuse an over-long username before anything looks it up.

Django's ``AuthenticationForm`` only copies the user model's ``max_length`` onto
the widget, without a validator, so a 256-character username reached
``authenticate()``; django-axes then recorded the failure in a 255-character
column and PostgreSQL raised ``DataError`` (a 500). Both login screens (the
staff login and Wagtail's admin login, ``users.forms.AdminLoginForm``) check
the length as a field error first, so no authentication is attempted.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


def username_limit():
    field = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD)
    return field.max_length or 150


class BoundedUsernameMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = username_limit()
        field = self.fields["username"]
        field.max_length = limit
        field.widget.attrs["maxlength"] = limit
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.validators.append(MaxLengthValidator(limit, message=f"Tên đăng nhập không được dài quá {limit} ký tự."))


class BoundedAuthenticationForm(BoundedUsernameMixin, AuthenticationForm):
    """The staff login at /dang-nhap/."""
