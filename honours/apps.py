from django.apps import AppConfig


class HonoursConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "honours"
    verbose_name = "Khen thưởng"

    def ready(self):
        from . import signals  # noqa: F401
