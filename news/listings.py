"""Which URLs show a page: what nginx must forget when the page changes.

``core.frontend_cache`` asks each page (``get_listing_urls``) when it is published,
unpublished, moved, deleted or restricted; the page's own URLs and sub-pages come from
Wagtail's ``get_cached_paths``. Answers are absolute URLs on the page's site, built from the
tree (the parent campaign, not ``ArticlePage.campaign``, which is refreshed only after a move).

Not listed here, left to the cache lifetime (README, "Bộ nhớ đệm trang"): "Tin liên quan"
on other stories, the header menu on every page, the month list with counts on archive pages
other than the story's own month, and paginated listings (``?trang=``), which nginx does not keep.
"""

from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag


def site_urls(page):
    """(root URL of the page's site, home page URL ending in "/"), or (None, None) off-site."""
    site = page.get_site()
    if site is None:
        return None, None
    home_url = site.root_page.get_full_url()
    return site.root_url, home_url


def feed_and_sitemap_urls(root_url, sections=("bai-viet", "trang")):
    urls = [root_url + reverse("feed"), root_url + reverse("sitemap")]
    urls += [root_url + reverse("sitemap_section", kwargs={"section": section}) for section in sections]
    return urls


def tag_urls(home_url, slugs):
    urls = []
    for slug in slugs:
        urls += [f"{home_url}chu-de/{slug}/", f"{home_url}chu-de/{slug}/rss/"]
    return urls


def archive_urls(home_url, moments):
    """The archive, the year and the month pages (month written as linked, "3", and as "03")."""
    urls = {f"{home_url}luu-tru/"}
    for moment in moments:
        if moment is None:
            continue
        local = timezone.localtime(moment)
        urls.add(f"{home_url}luu-tru/{local.year}/")
        urls.add(f"{home_url}luu-tru/{local.year}/{local.month}/")
        urls.add(f"{home_url}luu-tru/{local.year}/{local.month:02d}/")
    return sorted(urls)


def article_listing_urls(article):
    """Home, the campaign (page and feed) it sits in, its tags, its archive month, feed, sitemap."""
    from .models import CampaignPage

    root_url, home_url = site_urls(article)
    if root_url is None:
        return []
    urls = [home_url, *feed_and_sitemap_urls(root_url, sections=("bai-viet",))]
    parent = article.get_parent()
    if parent is not None and parent.specific_class is CampaignPage:
        campaign_url = parent.get_full_url()
        urls += [campaign_url, f"{campaign_url}rss/"]
    urls += tag_urls(home_url, [tag.slug for tag in article.tags.all()])
    urls += archive_urls(home_url, [article.published_at])
    return urls


def subtree_listing_urls(page):
    """Listings that show any live story under ``page``: their tags and months, in two queries."""
    from .models import ArticlePage, ArticlePageTag

    root_url, home_url = site_urls(page)
    if root_url is None:
        return []
    articles = ArticlePage.objects.live().descendant_of(page)
    slugs = Tag.objects.filter(
        pk__in=ArticlePageTag.objects.filter(content_object__in=articles).values("tag_id")
    ).values_list("slug", flat=True)
    months = articles.annotate(month=TruncMonth("published_at")).values_list("month", flat=True).distinct()
    return [
        home_url,
        *feed_and_sitemap_urls(root_url),
        *tag_urls(home_url, sorted(set(slugs))),
        *archive_urls(home_url, list(months)),
    ]


def section_listing_urls(page, include_descendants=False):
    """Home, campaign index and campaigns: the home page and menu list them, and the sitemap."""
    from .models import CampaignIndexPage

    root_url, home_url = site_urls(page)
    if root_url is None:
        return []
    urls = [home_url, *feed_and_sitemap_urls(root_url, sections=("trang",))]
    urls += [index.get_full_url() for index in CampaignIndexPage.objects.live()]
    if include_descendants:
        urls += subtree_listing_urls(page)
    return urls
