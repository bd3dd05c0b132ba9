"""The search index follows the content: publish, unpublish, move, delete, privacy, renames.

Every receiver only records page ids in the outbox, inside the transaction of
the change (``search.outbox``); documents are recomputed when the outbox is
drained, after commit. A draft save changes nothing readers see and records
nothing. Receivers name their senders (see ``news.signals``): a sender-less
``post_delete`` would cost every bulk delete on the site one query per hundred rows.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.bookkeeping import only_bookkeeping
from core.bulk import bulk_job_finished
from news.models import ArticlePage, Author, CampaignPage
from news.signals import connect_for_pages

from .models import SearchDocument
from .outbox import enqueue as _refresh
from .outbox import kick


@receiver(post_save, sender=ArticlePage)
def article_saved(sender, instance, update_fields=None, **kwargs):
    """Covers pages written without a publish action too (imports), but not draft saves."""
    if only_bookkeeping(update_fields):
        return
    _refresh([instance.pk])


@receiver(page_published, sender=ArticlePage)
@receiver(page_unpublished, sender=ArticlePage)
def article_visibility_changed(sender, instance, **kwargs):
    _refresh([instance.pk])


@receiver(page_published, sender=CampaignPage)
@receiver(page_unpublished, sender=CampaignPage)
def campaign_visibility_changed(sender, instance, **kwargs):
    # A renamed or moved campaign changes its articles' documents.
    _refresh(list(SearchDocument.objects.filter(campaign_id=instance.pk).values_list("page_id", flat=True)))


def page_moved(sender, instance, **kwargs):
    ids = list(ArticlePage.objects.filter(path__startswith=instance.path).values_list("pk", flat=True))
    _refresh(ids)


connect_for_pages(post_page_move, page_moved)


@receiver(post_delete, sender=ArticlePage)
def article_deleted(sender, instance, **kwargs):
    _refresh([instance.pk])


@receiver(post_save, sender=Author)
def author_renamed(sender, instance, created, update_fields=None, **kwargs):
    """A published rename (or a first publication) changes bylines.

    Saving a draft revision only writes Wagtail's bookkeeping columns
    (``latest_revision``, ``has_unpublished_changes``, locks): nothing readers see.
    """
    if created or (update_fields is not None and not {"name", "live"} & set(update_fields)):
        return
    _refresh(list(ArticlePage.objects.filter(authors=instance).values_list("pk", flat=True)))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _refresh(list(ArticlePage.objects.filter(path__startswith=page.path).values_list("pk", flat=True)))


@receiver(bulk_job_finished)
def drain_after_bulk_job(sender, **kwargs):
    """Changes recorded during a bulk job (an import) reach the engine in one drain."""
    kick()
