"""Wagtail routes the column: sub-pages first, then children by slug, one query per level.

A child slug equal to one of its parent's sub-page URLs ("luu-tru", "chu-de" on
the home page, "rss" on a campaign) would make one of the two URLs unreachable,
so it is refused when the page is validated (the admin form runs the same check)
and automatic slugs step around it.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import ArticlePage, CampaignPage, HomePage
from news.models.pages import reserved_child_slugs
from tests.factories import ArticlePageFactory, CampaignPageFactory

pytestmark = pytest.mark.django_db


def test_reserved_slugs_are_read_from_the_parents_sub_page_routes():
    assert reserved_child_slugs(HomePage) == {"chu-de", "luu-tru"}
    assert reserved_child_slugs(CampaignPage) == {"rss"}


def test_a_campaign_slugged_like_a_home_sub_page_keeps_archive_and_tag_pages_working(client, campaign_index):
    shadow = CampaignPageFactory(parent=campaign_index, title="Lưu trữ", slug="luu-tru")
    ArticlePageFactory(parent=shadow, title="Chủ đề", slug="chu-de", tags=["thi đua"])

    archive = client.get("/luu-tru/")
    tag = client.get("/chu-de/thi-dua/")
    campaign_page = client.get("/phong-trao/luu-tru/")
    article_page = client.get("/phong-trao/luu-tru/chu-de/")

    assert archive.status_code == 200 and "news/archive_page.html" in [t.name for t in archive.templates]
    assert tag.status_code == 200 and "news/tag_page.html" in [t.name for t in tag.templates]
    assert campaign_page.context["page"].pk == shadow.pk
    assert article_page.context["page"].title == "Chủ đề"


@pytest.mark.parametrize("slug", ["luu-tru", "chu-de"])
def test_the_campaign_index_cannot_take_a_home_sub_page_slug(campaign_index, slug):
    """Before, the index could be renamed "luu-tru" and then hid the archive."""
    campaign_index.slug = slug
    with pytest.raises(ValidationError) as error:
        campaign_index.full_clean()
    assert "slug" in error.value.message_dict


def test_an_article_cannot_take_its_campaigns_feed_slug(campaign):
    article = ArticlePageFactory(parent=campaign, title="Bản tin")
    article.slug = "rss"
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "trùng với một trang có sẵn" in error.value.message_dict["slug"][0]


def test_an_automatic_slug_steps_around_a_sub_page_url(campaign):
    article = ArticlePage(title="RSS", slug="")
    campaign.add_child(instance=article)
    assert article.slug == "rss-2"
    assert campaign.get_url() + "rss/" != article.get_url()


def test_the_campaign_feed_stays_a_feed_next_to_its_articles(client, campaign):
    ArticlePageFactory(parent=campaign, title="Hội nghị")
    response = client.get(campaign.url + "rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")


def test_unknown_and_unpublished_pages_are_not_found(client, campaign):
    ArticlePageFactory(parent=campaign, title="Bản nháp", slug="ban-nhap", live=False)
    assert client.get(campaign.url + "khong-co/").status_code == 404
    assert client.get(campaign.url + "ban-nhap/").status_code == 404
    assert client.get("/phong-trao/khong-co/bai/").status_code == 404


def test_first_routing_costs_one_query_per_url_segment_and_a_repeat_one_query_in_all(client, campaign):
    """Wagtail walks the tree the first time; core.routing then checks the kept page's row by id."""
    article = ArticlePageFactory(parent=campaign, title="Bài đo truy vấn")
    with CaptureQueriesContext(connection) as first:
        assert client.get(article.url).status_code == 200
    with CaptureQueriesContext(connection) as repeat:
        assert client.get(article.url).status_code == 200

    def slug_lookups(context):
        return [q["sql"] for q in context.captured_queries if '"wagtailcore_page"."slug" =' in q["sql"]]

    assert len(slug_lookups(first)) == 3  # phong-trao, the campaign, the article
    assert not any('"url_path"' in sql and " IN " in sql for sql in slug_lookups(first))
    assert slug_lookups(repeat) == []
    assert not any('FROM "wagtailcore_site"' in q["sql"] for q in repeat.captured_queries)
    page_rows = [q["sql"] for q in repeat.captured_queries if "news_articlepage" in q["sql"]]
    assert page_rows == []  # the page was kept from the walk; only its row's state is read again
    assert len([q for q in repeat.captured_queries if q["sql"].endswith(f"WHERE id = {article.pk}")]) == 1


def test_articles_with_the_same_slug_in_two_campaigns_each_answer_at_their_own_url(client, campaign, campaign_index):
    """The child is found by slug and depth, then by its parent's path: never a cousin's page."""
    other = CampaignPageFactory(parent=campaign_index, title="Phong trào thứ hai", slug="phong-trao-thu-hai")
    here = ArticlePageFactory(parent=campaign, title="Hội nghị sơ kết", slug="hoi-nghi-so-ket")
    there = ArticlePageFactory(parent=other, title="Hội nghị sơ kết (bản khác)", slug="hoi-nghi-so-ket")
    for _ in range(2):  # Wagtail's walk, then the remembered route
        assert client.get(here.url).context["page"].pk == here.pk
        assert client.get(there.url).context["page"].pk == there.pk
    assert client.get("/phong-trao/khong-co/hoi-nghi-so-ket/").status_code == 404
