"""Read-side queries for public pages, built to run a fixed number of SQL
statements whatever the size of the archive (Prefetch + prefetch_renditions,
never a query per card)."""

import datetime as dt
import operator
from functools import partial

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.images import get_image_model

from core import visibility

from .breadcrumbs import page_trail
from .cache import cached_by_content
from .models import ArticlePage, ArticlePageTag, Author, CampaignPage
from .models.pages import running_on, vietnam_today

HOME_LATEST_COUNT = 10
HOME_CAMPAIGN_COUNT = 4
HOME_PER_CAMPAIGN = 3
RELATED_COUNT = 4
RELATED_POOL = 200
HOME_DEPTH = 2


# Visibility is decided inside each listing's own SQL statement (see core.visibility):
# never from a list of restricted pages held in one process's memory.
public = visibility.public


def lazy_context(build, names):
    """Template context whose values are computed on first use, all by one call to ``build()``.

    Why: a page's listings sit in ``{% content_cache %}`` fragments; when the fragment is
    in the cache nothing reads these names, so the queries behind them never run.
    """
    data = SimpleLazyObject(build)
    return {name: SimpleLazyObject(partial(operator.getitem, data, name)) for name in names}


def images_with_renditions():
    return get_image_model().objects.prefetch_renditions()


def article_listing(byline=False, renditions=True):
    """Live, public articles newest first, ready for cards.

    Bodies are deferred; the card image is joined in and all its renditions come
    in one more query for the whole page of results (``renditions=False`` lets a
    caller batch them with other images); ``byline=True`` adds authors and tags.
    """
    queryset = (
        public(ArticlePage.objects.live())
        .defer_streamfields()
        .select_related("campaign", "featured_image")
        .order_by("-published_at", "-pk")
    )
    if renditions:
        queryset = queryset.prefetch_related("featured_image__renditions")
    if byline:
        live_authors = Author.objects.live().only("pk", "name")
        queryset = queryset.prefetch_related(Prefetch("authors", queryset=live_authors), "tags")
    return queryset


def campaign_listing():
    return (
        public(CampaignPage.objects.live())
        .prefetch_related(Prefetch("hero_image", queryset=images_with_renditions()))
        .annotate(article_count=Coalesce(Subquery(_public_article_count()), 0))
        .order_by("-start_date", "title")
    )


def _public_article_count():
    """Live public articles of the campaign in the outer query (restricted ones are not announced)."""
    return (
        public(ArticlePage.objects.live().filter(campaign=OuterRef("pk")))
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"))
        .values("n")
    )


def _latest_in_campaign(offset):
    latest = public(ArticlePage.objects.live()).filter(campaign=OuterRef("pk")).order_by("-published_at", "-pk")
    return Subquery(latest.values("pk")[offset : offset + 1])


def home_sections(home):
    """Featured, latest and latest-per-running-campaign stories in seven queries.

    Per-campaign picks come from scalar subqueries on the (campaign, published_at)
    index, so the cost does not depend on how many articles a campaign holds.
    """
    campaigns = list(
        public(CampaignPage.objects.live())
        .filter(running_on(vietnam_today()))
        .annotate(**{f"latest_{n}": _latest_in_campaign(n) for n in range(HOME_PER_CAMPAIGN)})
        .order_by("-start_date", "title")[:HOME_CAMPAIGN_COUNT]
    )
    featured_ids = list(home.featured_articles.order_by("sort_order").values_list("article_id", flat=True))
    latest_ids = list(
        public(ArticlePage.objects.live())
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[: HOME_LATEST_COUNT + 1]
    )
    wanted = set(featured_ids) | set(latest_ids)
    for campaign in campaigns:
        wanted.update(getattr(campaign, f"latest_{n}") for n in range(HOME_PER_CAMPAIGN))
    wanted.discard(None)
    by_id = {article.pk: article for article in article_listing().filter(pk__in=wanted)}

    featured = [by_id[pk] for pk in featured_ids if pk in by_id]
    if not featured:
        featured = [by_id[pk] for pk in latest_ids if pk in by_id and by_id[pk].featured_image_id][:1]
    featured_pks = {article.pk for article in featured}
    latest = [by_id[pk] for pk in latest_ids if pk in by_id and pk not in featured_pks][:HOME_LATEST_COUNT]
    for campaign in campaigns:
        picks = (getattr(campaign, f"latest_{n}") for n in range(HOME_PER_CAMPAIGN))
        campaign.latest_articles = [by_id[pk] for pk in picks if pk in by_id]
    return {"featured": featured, "latest": latest, "campaign_sections": campaigns}


def archive_months():
    """(month, count) pairs for the archive navigation, newest first.

    Grouping by month scans the whole archive, so the result is cached until
    the published content changes.
    """

    def build():
        rows = (
            public(ArticlePage.objects.live())
            .annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )
        return [{"month": row["month"], "count": row["count"]} for row in rows]

    return cached_by_content("archive-months", build)


def archive_range(year, month=None):
    """[start, end) of a calendar year or month in Vietnam time, for index-friendly filters."""
    zone = timezone.get_current_timezone()
    if month is None:
        return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)
    start = dt.datetime(year, month, 1, tzinfo=zone)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)
    return start, end


def related_campaign_ids(article):
    """The article's related campaigns, as ids or as a subquery (no query of its own).

    A preview (a revision, not saved rows) holds them in memory; a served page has
    them in the through table, read inside the related-stories query.
    """
    if "related_campaigns" in getattr(article, "_cluster_related_objects", {}):
        return [campaign.pk for campaign in article.related_campaigns.all()]
    through = ArticlePage.related_campaigns.through
    return through.objects.filter(articlepage_id=article.pk).values("campaignpage_id")


def related_articles(article, tags, count=RELATED_COUNT, renditions=True):
    """Stories sharing most of ``tags`` with ``article``, then those of its related
    campaigns (chosen by the editor), then its own campaign's, newest first.

    Only a bounded pool is ranked: the RELATED_POOL most recent candidates up to
    a month after the story, found by walking the ``published_at`` index. Ranking
    every article that shares a tag grew with the archive (nearly every story
    carries "thi đua").
    """
    tag_ids = [tag.pk for tag in tags]
    in_related = Q(campaign_id__in=related_campaign_ids(article))
    match = Q(campaign_id=article.campaign_id) | in_related
    if tag_ids:
        match |= Exists(ArticlePageTag.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids))
    # A draft previewed before its first publish has no time yet: rank around now.
    horizon = (article.published_at or timezone.now()) + dt.timedelta(days=30)
    pool = (
        public(ArticlePage.objects.live())
        .exclude(pk=article.pk)
        .filter(match, published_at__lte=horizon)
        .order_by("-published_at")
        .values("pk")[:RELATED_POOL]
    )
    ids = list(
        ArticlePage.objects.filter(pk__in=Subquery(pool))
        .annotate(
            # Count(filter=…__in=[]) would empty the whole query: a story without tags
            # then had no related stories at all, not even its campaign's.
            shared=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids)) if tag_ids else Value(0),
            related_campaign=Case(When(in_related, then=1), default=0, output_field=IntegerField()),
        )
        .order_by("-shared", "-related_campaign", "-published_at")
        .values_list("pk", flat=True)[:count]
    )
    by_id = {item.pk: item for item in article_listing(renditions=renditions).filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def breadcrumb_pages(page, request=None):
    """The page's ancestors below the home page, top first.

    Routing loads every page on the URL and caches each one as its child's parent
    (treebeard's ``get_parent()`` cache, which Wagtail's own router fills too), so
    a served page has them in memory. Elsewhere (previews, feeds, a page loaded by
    hand) they come in one query, as plain ``Page`` rows: a crumb needs only the
    title and the URL.
    """
    chain, node = [], getattr(page, "_cached_parent_obj", None)
    while node is not None and node.depth > HOME_DEPTH:
        chain.append(node)
        node = getattr(node, "_cached_parent_obj", None)
    if node is not None and node.depth == HOME_DEPTH:
        return chain[::-1]
    return list(page.get_ancestors().filter(depth__gt=HOME_DEPTH).order_by("depth"))


ARTICLE_DETAIL_NAMES = (
    "breadcrumbs",
    "breadcrumb_trail",
    "share_image",
    "campaign_crumb",
    "authors",
    "blocs",
    "tags",
    "related",
)


def article_detail_context(article, request=None):
    """Everything an article page shows beyond its own fields, in bounded queries."""
    breadcrumbs = breadcrumb_pages(article, request)
    tags = list(article.tags.all())
    related = related_articles(article, tags, renditions=False)
    # The StreamField loads the body's images in one query; the lead image is
    # usually one of them. Every rendition on the page then comes in one query.
    images = {}
    for block, number in article.numbered_body:
        if number and block.value["image"] is not None:
            images.setdefault(block.value["image"].pk, block.value["image"])
    if article.featured_image_id:
        if article.featured_image_id in images:
            article.featured_image = images[article.featured_image_id]
        else:
            images[article.featured_image_id] = article.featured_image
    with_renditions = list(images.values()) + [item.featured_image for item in related if item.featured_image]
    if with_renditions:
        prefetch_related_objects(with_renditions, "renditions")
    share_image = article.featured_image if article.featured_image_id else None
    if share_image is None:
        share_image = next(
            (block.value["image"] for block, number in article.numbered_body if number and block.value["image"]), None
        )
    return {
        "breadcrumbs": breadcrumbs,
        "breadcrumb_trail": page_trail(article, request, ancestors=breadcrumbs),
        "share_image": share_image,
        "campaign_crumb": breadcrumbs[-1] if breadcrumbs else None,
        # Only published authors and blocs: a name nobody has approved yet stays off the page.
        "authors": [author for author in article.authors.all() if author.live],
        "blocs": [bloc for bloc in article.blocs.all() if bloc.live],
        "tags": tags,
        "related": related,
    }
