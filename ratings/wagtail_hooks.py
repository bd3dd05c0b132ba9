from django.urls import path
from wagtail import hooks

from thidua_site.admin_menu import PermissionMenuItem

from .admin_views import report


@hooks.register("register_admin_urls")
def ratings_urls():
    return [path("reports/danh-gia/", report, name="ratings_report")]


@hooks.register("register_reports_menu_item")
def ratings_menu_item():
    return PermissionMenuItem("Đánh giá bài viết", "ratings_report", "ratings.view_rating", "pick")
