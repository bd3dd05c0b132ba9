"""Header menu, cached because every public page shows it.

The cache entry is dropped whenever a page is published, unpublished, moved or
deleted (see ``signals``), so editors never see a stale menu.
"""

from django.core.cache import cache

from .models import CampaignIndexPage, CampaignPage

CACHE_KEY = "news:menu:v1"
MENU_CAMPAIGNS = 4


def menu_items(request):
    items = cache.get(CACHE_KEY)
    if items is None:
        items = build_menu(request)
        cache.set(CACHE_KEY, items, 60 * 60)
    return items


def build_menu(request):
    items = []
    index = CampaignIndexPage.objects.live().first()
    if index:
        items.append({"title": "Phong trào thi đua", "url": index.get_url(request), "path": index.path})
    campaigns = (
        CampaignPage.objects.live()
        .filter(status=CampaignPage.Status.RUNNING)
        .exclude(short_title="")
        .order_by("-start_date")[:MENU_CAMPAIGNS]
    )
    for campaign in campaigns:
        items.append({"title": campaign.short_title, "url": campaign.get_url(request), "path": campaign.path})
    return items


def invalidate():
    cache.delete(CACHE_KEY)
