"""Related campaigns and blocs, filled by editors, are shown to readers without per-item queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticlePageFactory, CampaignPageFactory, EmulationBlocFactory
from tests.html import soup

pytestmark = pytest.mark.django_db


def related_titles(client, article):
    return [a.text for a in soup(client.get(article.url)).select(".related .card__title a")]


def query_count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context.captured_queries)


@pytest.fixture
def story(campaign):
    return ArticlePageFactory(parent=campaign, title="Bài chính", tags=["khen thưởng"])


def test_related_stories_rank_shared_tags_then_related_campaigns_then_the_same_campaign(
    client, campaign, campaign_index, story
):
    partner = CampaignPageFactory(parent=campaign_index, title="Phong trào đối tác")
    elsewhere = CampaignPageFactory(parent=campaign_index, title="Phong trào khác")
    before = story.published_at - dt.timedelta(days=1)
    same_campaign = ArticlePageFactory(parent=campaign, title="Cùng phong trào", published_at=before)
    from_partner = ArticlePageFactory(
        parent=partner, title="Của phong trào liên quan", published_at=before - dt.timedelta(days=1)
    )
    tagged = ArticlePageFactory(
        parent=elsewhere, title="Cùng thẻ", tags=["khen thưởng"], published_at=before - dt.timedelta(days=2)
    )
    ArticlePageFactory(parent=elsewhere, title="Không liên quan", published_at=before)

    assert "Của phong trào liên quan" not in related_titles(client, story)

    story.related_campaigns.set([partner])
    story.save()

    assert related_titles(client, story) == [tagged.title, from_partner.title, same_campaign.title]


def test_a_preview_uses_the_related_campaigns_of_the_draft(campaign, campaign_index, story):
    from news.queries import related_articles

    partner = CampaignPageFactory(parent=campaign_index, title="Phong trào trong bản nháp")
    ArticlePageFactory(parent=partner, title="Bài của phong trào trong bản nháp")
    story.related_campaigns = [partner]  # in memory only, as a revision being previewed holds it

    assert [item.title for item in related_articles(story, [])] == ["Bài của phong trào trong bản nháp"]


def test_published_blocs_are_listed_on_the_article_and_drafts_are_not(client, story):
    story.blocs.set(
        [
            EmulationBlocFactory(name="Khối các bộ, ngành kinh tế tổng hợp"),
            EmulationBlocFactory(name="Khối chưa duyệt", live=False),
        ]
    )
    story.save()

    line = soup(client.get(story.url)).select_one(".article__blocs")

    assert line is not None
    assert "Khối thi đua:" in line.text
    assert "Khối các bộ, ngành kinh tế tổng hợp" in line.text
    assert "Khối chưa duyệt" not in line.text


def test_no_bloc_line_when_the_article_has_none(client, story):
    assert soup(client.get(story.url)).select_one(".article__blocs") is None


def test_a_story_without_tags_still_gets_its_campaigns_stories(client, campaign):
    untagged = ArticlePageFactory(parent=campaign, title="Bài không gắn thẻ")
    neighbour = ArticlePageFactory(
        parent=campaign, title="Bài cùng phong trào", published_at=untagged.published_at - dt.timedelta(hours=1)
    )
    assert related_titles(client, untagged) == [neighbour.title]


def test_many_blocs_and_related_campaigns_cost_no_extra_query(client, campaign, campaign_index, story):
    ArticlePageFactory(parent=campaign, title="Bài cùng phong trào", tags=["khen thưởng"])
    plain = query_count(client, story.url)

    partners = [CampaignPageFactory(parent=campaign_index, title=f"Phong trào {n}") for n in range(4)]
    for partner in partners:
        ArticlePageFactory(parent=partner, title=f"Bài của {partner.title}")
    story.related_campaigns.set(partners)
    story.blocs.set([EmulationBlocFactory() for _ in range(5)])
    story.save()

    assert query_count(client, story.url) == plain
