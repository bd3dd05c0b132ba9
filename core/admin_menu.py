"""Admin menu pieces shared by the apps' reports."""

from django.urls import reverse
from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users holding ``permission``."""

    def __init__(self, label, url_name, permission, icon_name):
        super().__init__(label, reverse(url_name), icon_name=icon_name)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)
