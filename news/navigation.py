"""Header menu, cached because every public page shows it.

The key carries the content version (``news.cache``), bumped whenever a page is
published, unpublished, moved or deleted (see ``signals``), so no worker process
shows a stale menu for more than a second.
"""

from django.core.cache import cache

from core.visibility import public

from .cache import versioned_key
from .models import CampaignIndexPage, CampaignPage
from .models.pages import running_on, vietnam_today

CACHE_KEY = "menu-3"
MENU_CAMPAIGNS = 4


def menu_items(request):
    """The menu of today (Vietnam time): a campaign leaves it the day after its end date."""
    key = f"{versioned_key(CACHE_KEY)}:{vietnam_today().isoformat()}"
    items = cache.get(key)
    if items is None:
        items = build_menu(request)
        cache.set(key, items, 60 * 60)
    return items


def build_menu(request):
    items = []
    index = public(CampaignIndexPage.objects.live()).first()
    if index:
        items.append({"title": "Phong trào thi đua", "url": index.get_url(request), "path": index.path})
    campaigns = (
        public(CampaignPage.objects.live())
        .filter(running_on(vietnam_today()))
        .exclude(short_title="")
        .order_by("-start_date")[:MENU_CAMPAIGNS]
    )
    for campaign in campaigns:
        items.append({"title": campaign.short_title, "url": campaign.get_url(request), "path": campaign.path})
    return items
