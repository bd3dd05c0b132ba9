from django.urls import path
from wagtail import hooks

from core.admin_menu import PermissionMenuItem
from core.slots import register_filler, render_fragment

from .admin_views import RatingReportView
from .lockouts import PERMISSION, lockouts
from .templatetags.ratings_tags import rating_widget


@hooks.register("register_admin_urls")
def ratings_urls():
    return [
        path("reports/danh-gia/", RatingReportView.as_view(), name="ratings_report"),
        path("reports/danh-gia/results/", RatingReportView.as_view(results_only=True), name="ratings_report_results"),
        path("reports/tam-khoa-dang-nhap/", lockouts, name="ratings_lockouts"),
    ]


@hooks.register("register_reports_menu_item")
def ratings_menu_item():
    return PermissionMenuItem("Đánh giá bài viết", "ratings_report", "ratings.view_rating", "pick")


@hooks.register("register_reports_menu_item")
def lockouts_menu_item():
    return PermissionMenuItem("Tài khoản bị tạm khóa", "ratings_lockouts", PERMISSION, "lock")


@register_filler("article_end")
def stars_under_the_article(context, page):
    return render_fragment(context, "ratings/widget.html", rating_widget(context, page))
