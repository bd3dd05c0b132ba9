"""Readers see a change to the honour roll at once: every receiver names its sender.

A saved or deleted decision, commendation, award form, timeline event or consultation starts new
keys in the Django page cache (news's content version, the mechanism publishing uses) and purges the
honour roll's fixed URLs from nginx after the commit (``core.frontend_cache``). URLs with a query
string (searches, filters) are never kept by nginx, only in the versioned Django tier.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core.frontend_cache import purge_after_commit
from news.cache import bump_content_version

from .models import AwardForm, Commendation, Consultation, Decision, Proposal, TimelineEvent
from .purging import honour_urls


def honours_changed(sender, instance, **kwargs):
    bump_content_version()
    purge_after_commit(honour_urls(instance))


for _model in (AwardForm, Decision, Commendation, TimelineEvent, Consultation, Proposal):
    post_save.connect(honours_changed, sender=_model, dispatch_uid=f"honours.changed.save:{_model.__name__}")
    post_delete.connect(honours_changed, sender=_model, dispatch_uid=f"honours.changed.delete:{_model.__name__}")
for _through in (Decision.articles.through, Commendation.articles.through):
    m2m_changed.connect(
        lambda sender, instance, action, **kw: action.startswith("post_") and honours_changed(sender, instance),
        sender=_through,
        weak=False,
        dispatch_uid=f"honours.changed.m2m:{_through.__name__}",
    )
