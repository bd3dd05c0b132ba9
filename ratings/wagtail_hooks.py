from django.urls import path
from wagtail import hooks

from thidua_site.admin_menu import PermissionMenuItem

from .admin_views import report
from .lockouts import PERMISSION, lockouts


@hooks.register("register_admin_urls")
def ratings_urls():
    return [
        path("reports/danh-gia/", report, name="ratings_report"),
        path("reports/tam-khoa-dang-nhap/", lockouts, name="ratings_lockouts"),
    ]


@hooks.register("register_reports_menu_item")
def ratings_menu_item():
    return PermissionMenuItem("Đánh giá bài viết", "ratings_report", "ratings.view_rating", "pick")


@hooks.register("register_reports_menu_item")
def lockouts_menu_item():
    return PermissionMenuItem("Tài khoản bị tạm khóa", "ratings_lockouts", PERMISSION, "lock")
