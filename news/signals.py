"""Keep derived data in step with the page tree.

``ArticlePage.campaign`` mirrors the article's parent after a move, and the
cached header menu is dropped whenever the set of live pages changes.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.text import unique_slug

from . import navigation
from .cache import bump_content_version
from .queries import RESTRICTED_PATHS_KEY


@receiver(pre_save, sender=Tag)
def ascii_tag_slug(sender, instance, **kwargs):
    """Tag URLs like /chu-de/thi-dua/: taggit would keep "đ" (or drop it with unidecode)."""
    if instance.slug and instance.slug.isascii():
        return
    others = Tag.objects.exclude(pk=instance.pk)
    instance.slug = unique_slug(instance.name, lambda slug: others.filter(slug=slug).exists(), fallback="the")


@receiver(post_page_move)
def refresh_campaign_after_move(sender, instance, parent_page_after, **kwargs):
    from .models import ArticlePage, CampaignPage

    specific_class = instance.specific_class
    if specific_class is not None and issubclass(specific_class, ArticlePage):
        is_campaign = parent_page_after.specific_class is CampaignPage
        ArticlePage.objects.filter(pk=instance.pk).update(campaign_id=parent_page_after.pk if is_campaign else None)
    navigation.invalidate()
    bump_content_version()
    cache.delete(RESTRICTED_PATHS_KEY)


@receiver(page_published)
@receiver(page_unpublished)
def drop_menu_cache(sender, instance, **kwargs):
    navigation.invalidate()
    bump_content_version()


@receiver(post_delete)
def drop_menu_cache_on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        navigation.invalidate()
        bump_content_version()
        cache.delete(RESTRICTED_PATHS_KEY)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def drop_restricted_paths(sender, **kwargs):
    cache.delete(RESTRICTED_PATHS_KEY)
