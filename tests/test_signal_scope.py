"""Signal receivers name their senders, so Django keeps its one-statement bulk delete.

A receiver connected without a sender listens to every model: Django then loads
each row it deletes to signal it, one SELECT plus a DELETE per hundred rows.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db.models.signals import post_delete, pre_delete
from wagtail.models import Page

from news import navigation
from news.cache import content_version, versioned_key
from news.models.pages import vietnam_today
from ratings.models import Rating
from stats.models import ArticleView, VisitorDay
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

ROWS = 1_000


@pytest.mark.parametrize("model", [VisitorDay, ArticleView, Rating])
def test_no_receiver_makes_rows_of_unrelated_models_signal_on_delete(model):
    assert not post_delete.has_listeners(model)
    assert not pre_delete.has_listeners(model)


def test_deleting_many_visitor_rows_is_one_statement(django_assert_max_num_queries):
    day = dt.date(2025, 1, 1)
    VisitorDay.objects.bulk_create(VisitorDay(day=day, visitor=f"v{n:05d}") for n in range(ROWS))
    ArticleView.objects.bulk_create(ArticleView(day=day, page_id=1, visitor=f"v{n:05d}") for n in range(ROWS))

    with django_assert_max_num_queries(2):
        deleted, _ = VisitorDay.objects.all().delete()
    with django_assert_max_num_queries(2):
        ArticleView.objects.filter(day=day).delete()

    assert deleted == ROWS
    assert not ArticleView.objects.exists()


def test_deleting_a_page_still_drops_the_menu_and_content_caches(campaign):
    article = ArticlePageFactory(parent=campaign, title="Bài sẽ bị xoá")

    def menu_key():
        return f"{versioned_key(navigation.CACHE_KEY)}:{vietnam_today().isoformat()}"

    cache.set(menu_key(), ["menu cũ"])
    before = content_version()

    Page.objects.get(pk=article.pk).delete()

    assert content_version() > before
    assert cache.get(menu_key()) is None  # the menu is looked up under the new version
