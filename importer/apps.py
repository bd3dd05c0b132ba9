from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "importer"
    verbose_name = "Nhập bài từ cổng cũ"

    def ready(self):
        from . import signals  # noqa: F401
