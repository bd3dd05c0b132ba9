"""Staff sign-in pages of the public site: /dang-nhap/, /dang-xuat/, /doi-mat-khau/.

They belong to the accounts app, not to any feature that needs a signed-in user
(ratings today), so removing a feature never takes the login away.
"""

from django.contrib.auth import views as auth_views

from core.auth_forms import BoundedAuthenticationForm


class StaffLoginView(auth_views.LoginView):
    template_name = "users/login.html"
    authentication_form = BoundedAuthenticationForm
    redirect_authenticated_user = True


class StaffLogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "users/password_change.html"
    success_url = "/doi-mat-khau/xong/"


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "users/password_change_done.html"
