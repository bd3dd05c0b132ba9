from django.urls import path
from wagtail import hooks

from core.admin_menu import PermissionMenuItem

from .admin_views import report


@hooks.register("register_admin_urls")
def stats_urls():
    return [path("reports/thong-ke-truy-cap/", report, name="stats_report")]


@hooks.register("register_reports_menu_item")
def stats_menu_item():
    return PermissionMenuItem("Thống kê truy cập", "stats_report", "stats.view_dailytotal", "view")
