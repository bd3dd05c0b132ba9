"""Sitemap index with one section for the column's pages and one for articles.

Wagtail's single sitemap loads every page with ``.specific()`` into one file:
over a second at 10,000 articles and past the protocol's 50,000-URL limit later.
Articles get their own paged section read straight from the article table.
"""

from django.db.models import Max
from django.db.models.functions import Coalesce
from wagtail.contrib.sitemaps import Sitemap

from .models import ArticlePage
from .queries import public


class SectionPagesSitemap(Sitemap):
    """Home, campaign index and campaigns: everything but articles."""

    def items(self):
        return super().items().not_type(ArticlePage)


class ArticleSitemap(Sitemap):
    limit = 5000

    def items(self):
        root = self.get_wagtail_site().root_page
        return (
            public(ArticlePage.objects.live().descendant_of(root)).defer_streamfields().order_by("-published_at", "-pk")
        )

    def get_latest_lastmod(self):
        """For the index: one aggregate instead of Django's walk over every item."""
        latest = self.items().order_by().aggregate(latest=Max(Coalesce("last_published_at", "published_at")))
        return latest["latest"]


SITEMAPS = {"trang": SectionPagesSitemap, "bai-viet": ArticleSitemap}
