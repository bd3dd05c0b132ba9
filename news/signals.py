"""Keep derived data in step with the page tree.

``ArticlePage.campaign`` mirrors the article's parent after a move, and the
content version (``news.cache``, a database row) is bumped whenever the set of live public
pages changes (publish, unpublish, move, delete, view restrictions), which makes the cached
menu, counts and archive months stale in every process within a second.

Every receiver names its senders. A receiver connected without one listens to
every model, and Django then cannot delete rows of *any* model with one DELETE:
it loads each row to send it a signal (200,000 visitor rows: 2,003 queries
instead of 3). Wagtail sends page signals with the page's specific class.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from core.bookkeeping import only_bookkeeping
from core.models import PortalSettings
from core.text import unique_slug

from .cache import bump_content_version
from .models import ArticlePage, Author, CampaignIndexPage, CampaignPage, EmulationBloc, HomePage, Organisation

PAGE_MODELS = (HomePage, CampaignIndexPage, CampaignPage, ArticlePage)


def connect_for_pages(signal, handler):
    """Connect ``handler`` to ``signal`` once for each of the column's page classes."""
    for model in PAGE_MODELS:
        signal.connect(handler, sender=model, dispatch_uid=f"{handler.__module__}.{handler.__name__}:{model.__name__}")


@receiver(pre_save, sender=Tag)
def ascii_tag_slug(sender, instance, **kwargs):
    """Tag URLs like /chu-de/thi-dua/: taggit would keep "đ" (or drop it with unidecode)."""
    if instance.slug and instance.slug.isascii():
        return
    others = Tag.objects.exclude(pk=instance.pk)
    instance.slug = unique_slug(instance.name, lambda slug: others.filter(slug=slug).exists(), fallback="the")


def refresh_campaign_after_move(sender, instance, parent_page_after, **kwargs):
    specific_class = instance.specific_class
    if specific_class is not None and issubclass(specific_class, ArticlePage):
        is_campaign = parent_page_after.specific_class is CampaignPage
        ArticlePage.objects.filter(pk=instance.pk).update(campaign_id=parent_page_after.pk if is_campaign else None)
    bump_content_version()


def drop_menu_cache(sender, instance, **kwargs):
    bump_content_version()


connect_for_pages(post_page_move, refresh_campaign_after_move)
connect_for_pages(page_published, drop_menu_cache)
connect_for_pages(page_unpublished, drop_menu_cache)


def live_row_saved(sender, instance, update_fields=None, **kwargs):
    """A live page's row written directly (an import updating a story, a script) shows at once."""
    if not instance.live:
        return
    if only_bookkeeping(update_fields):
        return
    bump_content_version()


connect_for_pages(post_save, live_row_saved)


@receiver(post_delete, sender=Page)
def drop_menu_cache_on_delete(sender, instance, **kwargs):
    """Deleting any page deletes its ``wagtailcore_page`` row, sent as a ``Page``."""
    bump_content_version()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, **kwargs):
    """Listings filter restrictions in SQL; only cached counts and the menu need a new version."""
    bump_content_version()


# Rendered fragments (``{% content_cache %}``: header, menu, footer, listings, article bodies)
# and whole cached pages (``core.pagecache``) also show the portal settings, pictures, tag names and
# published bylines, organisations and blocs, none of which is a page: a change to any of them
# must start new fragments and pages as well. A site's host names and root page decide every URL
# (and the routes ``core.routing`` remembers).
FRAGMENT_SOURCES = (PortalSettings, Tag, Site)


def fragment_source_changed(sender, **kwargs):
    bump_content_version()


for _model in (*FRAGMENT_SOURCES, get_image_model()):
    post_save.connect(fragment_source_changed, sender=_model, dispatch_uid=f"news.fragments.save:{_model.__name__}")
    post_delete.connect(fragment_source_changed, sender=_model, dispatch_uid=f"news.fragments.delete:{_model.__name__}")
for _model in (Author, Organisation, EmulationBloc):
    published.connect(fragment_source_changed, sender=_model, dispatch_uid=f"news.fragments.publish:{_model.__name__}")
    unpublished.connect(
        fragment_source_changed, sender=_model, dispatch_uid=f"news.fragments.unpublish:{_model.__name__}"
    )
    post_delete.connect(fragment_source_changed, sender=_model, dispatch_uid=f"news.fragments.delete:{_model.__name__}")
