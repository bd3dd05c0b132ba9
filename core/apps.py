from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Dùng chung"

    def ready(self):
        from . import tasks  # noqa: F401 - connects the held tasks to the end of bulk jobs
        from .frontend_cache import connect

        connect()
