from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = "Đánh giá bài viết"

    def ready(self):
        from . import signals  # noqa: F401
