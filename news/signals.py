"""Keep derived data in step with the page tree.

``ArticlePage.campaign`` mirrors the article's parent after a move, and the
content version (``news.cache``, a database row) is bumped whenever the set of live public
pages changes (publish, unpublish, move, delete, view restrictions), which makes the cached
menu, counts and archive months stale in every process within a second.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import bump_content_version
from .text import vietnamese_slugify


@receiver(pre_save, sender=Tag)
def ascii_tag_slug(sender, instance, **kwargs):
    """Tag URLs like /chu-de/thi-dua/: taggit would keep "đ" (or drop it with unidecode)."""
    if instance.slug and instance.slug.isascii():
        return
    base = vietnamese_slugify(instance.name) or "the"
    slug, n = base, 1
    while Tag.objects.filter(slug=slug).exclude(pk=instance.pk).exists():
        n += 1
        slug = f"{base}-{n}"
    instance.slug = slug


@receiver(post_page_move)
def refresh_campaign_after_move(sender, instance, parent_page_after, **kwargs):
    from .models import ArticlePage, CampaignPage

    specific_class = instance.specific_class
    if specific_class is not None and issubclass(specific_class, ArticlePage):
        is_campaign = parent_page_after.specific_class is CampaignPage
        ArticlePage.objects.filter(pk=instance.pk).update(campaign_id=parent_page_after.pk if is_campaign else None)
    bump_content_version()


@receiver(page_published)
@receiver(page_unpublished)
def drop_menu_cache(sender, instance, **kwargs):
    bump_content_version()


@receiver(post_delete)
def drop_menu_cache_on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_content_version()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, **kwargs):
    """Listings filter restrictions in SQL; only cached counts and the menu need a new version."""
    bump_content_version()
