import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticlePageFactory, AuthorFactory, CampaignPageFactory

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def test_site_feed_lists_newest_articles_with_dates_authors_and_categories(client, campaign):
    ArticlePageFactory(parent=campaign, title="Cũ hơn", published_at=dt.datetime(2023, 1, 1, tzinfo=UTC))
    ArticlePageFactory(
        parent=campaign,
        title="Mới hơn",
        published_at=dt.datetime(2023, 2, 1, 5, 0, tzinfo=UTC),
        tags=["khen thưởng"],
        authors=[AuthorFactory(name="Thu Trang")],
    )
    channel, items = rss_items(client.get("/rss/"))
    assert channel.findtext("language") == "vi"
    assert [item.findtext("title") for item in items] == ["Mới hơn", "Cũ hơn"]
    newest = items[0]
    assert newest.findtext("link").startswith("http://testserver/phong-trao/chuyen-doi-so/")
    assert newest.findtext("pubDate") == "Wed, 01 Feb 2023 12:00:00 +0700"
    assert [c.text for c in newest.findall("category")] == ["Thi đua chuyển đổi số", "khen thưởng"]
    assert newest.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Thu Trang"


def test_campaign_feed_holds_only_that_campaigns_articles(client, campaign, campaign_index):
    other = CampaignPageFactory(parent=campaign_index, title="Khác")
    ArticlePageFactory(parent=campaign, title="Của phong trào")
    ArticlePageFactory(parent=other, title="Phong trào khác")
    channel, items = rss_items(client.get(campaign.url + "rss/"))
    assert [item.findtext("title") for item in items] == ["Của phong trào"]
    assert channel.findtext("title").startswith("Thi đua chuyển đổi số")


def test_tag_feed_holds_only_tagged_articles(client, campaign, home):
    ArticlePageFactory(parent=campaign, title="Có thẻ", tags=["nông thôn mới"])
    ArticlePageFactory(parent=campaign, title="Không thẻ")
    _, items = rss_items(client.get("/chu-de/nong-thon-moi/rss/"))
    assert [item.findtext("title") for item in items] == ["Có thẻ"]


def test_pages_advertise_their_feeds(client, home, campaign):
    ArticlePageFactory(parent=campaign, tags=["thi đua"])
    for url, expected in [
        ("/", "/rss/"),
        (campaign.url, campaign.url + "rss/"),
        ("/chu-de/thi-dua/", "/chu-de/thi-dua/rss/"),
    ]:
        links = BeautifulSoup(client.get(url).content, "html.parser").select(
            'link[rel=alternate][type="application/rss+xml"]'
        )
        assert expected in [link["href"] for link in links], url


def test_sitemap_index_points_to_sections_holding_live_pages_only(client, campaign):
    live = ArticlePageFactory(parent=campaign, title="Đã đăng")
    draft = ArticlePageFactory(parent=campaign, title="Nháp", live=False)
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = re.findall(r"<loc>(http://testserver/sitemap-[a-z-]+\.xml)</loc>", index.content.decode())
    # news's two sections first; other apps (the honour roll) may add theirs after them
    assert sections[:2] == ["http://testserver/sitemap-trang.xml", "http://testserver/sitemap-bai-viet.xml"]
    pages = client.get("/sitemap-trang.xml").content.decode()
    articles = client.get("/sitemap-bai-viet.xml").content.decode()
    assert f"<loc>http://localhost{campaign.url}</loc>" in pages  # the Site record's host, as editors set it
    assert live.slug not in pages
    assert f"<loc>http://localhost{live.url}</loc>" in articles
    assert "<lastmod>" in articles
    assert draft.slug not in articles


def test_article_sitemap_is_paged(client, campaign, monkeypatch):
    from news.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for n in range(5):
        ArticlePageFactory(parent=campaign, title=f"Bài {n}")
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-bai-viet.xml?p=3" in index
    assert client.get("/sitemap-bai-viet.xml?p=3").content.decode().count("<url>") == 1


def test_robots_txt_points_to_sitemap_and_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
