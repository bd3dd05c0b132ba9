"""Read-side queries for public pages, built to run a fixed number of SQL
statements whatever the size of the archive (Prefetch + prefetch_renditions,
never a query per card)."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import TruncMonth
from wagtail.images import get_image_model
from wagtail.models import Page

from .models import ArticlePage, Author, CampaignPage

HOME_LATEST_COUNT = 10
HOME_CAMPAIGN_COUNT = 4
HOME_PER_CAMPAIGN = 3
RELATED_COUNT = 4


def images_with_renditions():
    return get_image_model().objects.prefetch_renditions()


def article_listing(byline=False):
    """Live, public articles newest first, ready for cards.

    Bodies are deferred; the card image comes with all its renditions in two
    queries for the whole page of results; ``byline=True`` adds authors and tags.
    """
    queryset = (
        ArticlePage.objects.live()
        .public()
        .defer_streamfields()
        .select_related("campaign")
        .prefetch_related(Prefetch("featured_image", queryset=images_with_renditions()))
        .order_by("-published_at", "-pk")
    )
    if byline:
        queryset = queryset.prefetch_related(
            Prefetch("authors", queryset=Author.objects.only("pk", "name")), "tags"
        )
    return queryset


def campaign_listing():
    return (
        CampaignPage.objects.live()
        .public()
        .prefetch_related(Prefetch("hero_image", queryset=images_with_renditions()))
        .annotate(article_count=Count("articles", filter=Q(articles__live=True)))
        .order_by("-start_date", "title")
    )


def _latest_in_campaign(offset):
    latest = ArticlePage.objects.live().filter(campaign=OuterRef("pk")).order_by("-published_at", "-pk")
    return Subquery(latest.values("pk")[offset : offset + 1])


def home_sections(home):
    """Featured, latest and latest-per-running-campaign stories in seven queries.

    Per-campaign picks come from scalar subqueries on the (campaign, published_at)
    index, so the cost does not depend on how many articles a campaign holds.
    """
    campaigns = list(
        CampaignPage.objects.live()
        .filter(status=CampaignPage.Status.RUNNING)
        .annotate(**{f"latest_{n}": _latest_in_campaign(n) for n in range(HOME_PER_CAMPAIGN)})
        .order_by("-start_date", "title")[:HOME_CAMPAIGN_COUNT]
    )
    featured_ids = list(home.featured_articles.order_by("sort_order").values_list("article_id", flat=True))
    latest_ids = list(
        ArticlePage.objects.live().order_by("-published_at", "-pk").values_list("pk", flat=True)[
            : HOME_LATEST_COUNT + 1
        ]
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
    """(month, count) pairs for the archive navigation, newest first, one query."""
    return (
        ArticlePage.objects.live()
        .public()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )


def related_articles(article, tags, count=RELATED_COUNT):
    """Stories sharing most of ``tags`` with ``article``, then its campaign's, newest first."""
    tag_ids = [tag.pk for tag in tags]
    candidates = ArticlePage.objects.live().exclude(pk=article.pk)
    match = Q(campaign_id=article.campaign_id)
    if tag_ids:
        match |= Q(tagged_items__tag_id__in=tag_ids)
    ids = list(
        candidates.filter(match)
        .annotate(shared=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids)))
        .order_by("-shared", "-published_at")
        .values_list("pk", flat=True)[:count]
    )
    by_id = {item.pk: item for item in article_listing().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def article_detail_context(article):
    """Everything an article page shows beyond its own fields, in bounded queries."""
    from django.db.models import prefetch_related_objects

    breadcrumbs = list(Page.objects.ancestor_of(article).filter(depth__gt=1).order_by("depth"))
    # Photos in the body: the StreamField loads their images in one query; fetch
    # every rendition of those images (and of the lead image) in one more.
    images = [block.value["image"] for block, number in article.numbered_body if number]
    images = [image for image in images if image is not None]
    if article.featured_image_id:
        images.append(article.featured_image)
    if images:
        prefetch_related_objects(images, "renditions")
    tags = list(article.tags.all())
    return {
        "breadcrumbs": breadcrumbs,
        "campaign_crumb": breadcrumbs[-1] if breadcrumbs else None,
        "authors": list(article.authors.all()),
        "tags": tags,
        "related": related_articles(article, tags),
    }
