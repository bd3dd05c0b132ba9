from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import report


@hooks.register("register_admin_urls")
def ratings_urls():
    return [path("reports/danh-gia/", report, name="ratings_report")]


class RatingsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("ratings.view_rating")


@hooks.register("register_reports_menu_item")
def ratings_menu_item():
    return RatingsMenuItem("Đánh giá bài viết", reverse("ratings_report"), icon_name="pick")
