"""Keep an import's to-do list true after editors work on the article."""

from django.dispatch import receiver
from wagtail.signals import page_published

from news.models import ArticlePage

from .models import ImportRecord


def count_missing_photos(article):
    return sum(1 for block in article.body if block.block_type == "photo" and not block.value.get("image"))


@receiver(page_published, sender=ArticlePage)
def refresh_import_record(sender, instance, **kwargs):
    ImportRecord.objects.filter(article_id=instance.pk).update(
        missing_photos=count_missing_photos(instance), needs_review=False
    )
