from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin thi đua"

    def ready(self):
        from . import signals  # noqa: F401
        from .dates import register_admin_date_fields

        register_admin_date_fields()
