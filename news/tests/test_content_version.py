"""The content version lives in the database: it only grows, survives cache clears and is shared."""

import time

import pytest
from django.core.cache import cache

from core.models import ContentVersion
from news.cache import ContentClock, bump_content_version, clock, content_version
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_the_version_survives_a_cache_clear_and_never_goes_back():
    before = bump_content_version()
    cache.clear()
    clock.forget()
    assert content_version() == before
    ContentVersion.objects.all().delete()  # even a lost row restarts above every earlier number
    clock.forget()
    assert content_version() > before
    assert bump_content_version() > content_version() - 1 > before


def test_publishing_unpublishing_and_privacy_changes_bump_it(campaign):
    article = ArticlePageFactory(parent=campaign, title="Tuyên dương gương điển hình", live=False)
    first = content_version()
    article.save_revision().publish()
    published = content_version()
    assert published > first
    article.refresh_from_db()
    article.unpublish()
    assert content_version() > published
    from wagtail.models import PageViewRestriction

    before = content_version()
    PageViewRestriction.objects.create(page=campaign, restriction_type=PageViewRestriction.LOGIN)
    assert content_version() > before


def test_two_processes_agree_within_the_memo_time():
    worker_a, worker_b = ContentClock(memo_seconds=0.3), ContentClock(memo_seconds=0.3)
    seen_by_b = worker_b.current()
    new = worker_a.bump()
    assert worker_a.current() == new  # the process that changed content sees it at once
    assert worker_b.current() == seen_by_b  # the other one within its memo time...
    time.sleep(0.35)
    assert worker_b.current() == new  # ...and then the same number


def test_the_archive_months_follow_a_publish_even_from_a_warm_cache(client, campaign):
    ArticlePageFactory(parent=campaign, title="Bài thứ nhất")
    second = ArticlePageFactory(parent=campaign, title="Bài thứ hai", live=False)
    assert client.get("/luu-tru/").status_code == 200  # caches the months under the current version
    version = content_version()
    second.save_revision().publish()
    assert content_version() > version
    from news.queries import archive_months

    assert sum(row["count"] for row in archive_months()) == 2
