"""Public pages run a fixed, small number of queries however big the archive is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.demo.seed import DemoSeeder
from news.models import ArticlePage, CampaignPage

pytestmark = pytest.mark.django_db

BUDGET = 16  # the article page: Wagtail routing (one query per path segment), settings, rating average


def page_urls():
    campaign = CampaignPage.objects.order_by("pk").first()
    article = ArticlePage.objects.live().order_by("pk").first()
    return {
        "home": "/",
        "campaign index": "/phong-trao/",
        "campaign": campaign.url,
        "campaign page 2": campaign.url + "?trang=2",
        "article": article.url,
        "print": article.url + "ban-in/",
        "tag": "/chu-de/thi-dua/",
        "archive": "/luu-tru/",
        "archive year": f"/luu-tru/{article.published_at.year}/",
        "site feed": "/rss/",
        "campaign feed": campaign.url + "rss/",
    }


def count_queries(client, url):
    client.get(url)  # first view makes image renditions once
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_query_counts_stay_within_budget_and_do_not_grow_with_the_archive(client, settings):
    # The content version is re-read from the database once a second: keep that read out of the counts.
    settings.CONTENT_VERSION_MEMO_SECONDS = 3600
    seeder = DemoSeeder(log=lambda *_: None, progress=False, curated_per_campaign=5)
    seeder.run()
    assert ArticlePage.objects.count() == 30
    small = {name: count_queries(client, url) for name, url in page_urls().items()}

    seeder.ensure_articles(330)
    assert ArticlePage.objects.count() == 330
    large = {name: count_queries(client, url) for name, url in page_urls().items()}

    assert max(large.values()) <= BUDGET, large
    assert large == small
