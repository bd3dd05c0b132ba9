from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import report


@hooks.register("register_admin_urls")
def stats_urls():
    return [path("reports/thong-ke-truy-cap/", report, name="stats_report")]


class StatsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("stats.view_dailytotal")


@hooks.register("register_reports_menu_item")
def stats_menu_item():
    return StatsMenuItem("Thống kê truy cập", reverse("stats_report"), icon_name="view")
