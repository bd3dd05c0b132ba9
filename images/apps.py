from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = "Ảnh"

    def ready(self):
        from . import review

        review.register_policies()
        review.connect_signals()
