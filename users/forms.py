"""The admin login form, with a Vietnamese label on the password field.

Wagtail's ``LoginForm`` redeclares ``password`` without a label, so Django falls back to the
field name, "Password", which no catalogue can translate. The username is bounded by
``core.auth_forms.BoundedUsernameMixin`` before anything authenticates it."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from core.auth_forms import BoundedUsernameMixin


class AdminLoginForm(BoundedUsernameMixin, LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
