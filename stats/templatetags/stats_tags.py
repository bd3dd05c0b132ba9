"""Statistics rendered into pages without the pages knowing about counting."""

import datetime as dt
import time

from django import template
from django.core.cache import cache
from django.utils import timezone

from ..stores import get_store, local_day

register = template.Library()
MOST_READ_TTL = 60


@register.inclusion_tag("stats/widget.html")
def visitor_stats_widget():
    """The four numbers, filled in by the beacon script so a cached page still shows live figures."""
    return {}


@register.inclusion_tag("stats/beacon.html", takes_context=True)
def visit_beacon(context):
    page = context.get("page")
    # Asked of the class: ``hasattr`` on the page would build ``numbered_body`` (the whole body
    # and its images) just to learn that the page is an article.
    is_article = page is not None and hasattr(type(page), "numbered_body")
    return {"page_id": getattr(page, "pk", None) if is_article else None}


# key -> (ids, read at): each process re-reads the shared list at most every LOCAL_TTL seconds,
# so an uncached page does not spend a Redis round trip on a list that changes once a minute.
_local_ids = {}
LOCAL_TTL = 10


def most_read_ids(days=7, limit=5):
    today = local_day(timezone.now())
    key = f"stats:most-read:{today.isoformat()}:{days}:{limit}"
    held = _local_ids.get(key)
    if held is not None and time.monotonic() - held[1] < LOCAL_TTL:
        return held[0]
    ids = cache.get(key)
    if ids is None:
        ids = [pk for pk, _ in get_store().top_articles(today - dt.timedelta(days=days - 1), today, limit * 2)]
        cache.set(key, ids, MOST_READ_TTL)
    if len(_local_ids) > 100:
        _local_ids.clear()
    _local_ids[key] = (ids, time.monotonic())
    return ids


@register.inclusion_tag("stats/most_read.html", takes_context=True)
def most_read(context, limit=5, campaign=None, ids=None):
    """Đọc nhiều: most read in the last 7 days (one visitor, one article, one day = one view)."""
    from core.visibility import public
    from news.models import ArticlePage

    if ids is None:
        ids = most_read_ids(limit=limit * (3 if campaign else 1))
    # Counted ids are only candidates: the title and link shown must be of a live,
    # public article now (a restriction added since, or an id pushed by a forged
    # beacon, never reaches the list).
    articles = public(ArticlePage.objects.live()).filter(pk__in=ids).only("id", "title", "url_path", "path", "depth")
    if campaign is not None:
        articles = articles.filter(campaign=campaign)
    by_id = {article.pk: article for article in articles}
    return {"request": context.get("request"), "articles": [by_id[pk] for pk in ids if pk in by_id][:limit]}
