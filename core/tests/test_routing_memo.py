"""A remembered route is only a shortcut: every answer is the one Wagtail's walk would give.

``core.routing`` remembers where a URL led and loads that page by id; these tests change the
tree under a remembered URL in every way an editor or a script can and check the next
request, and check that privacy and sub-pages still go through Wagtail's own code.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from core.models import PortalSettings
from news.models import ArticlePage, HomePage
from tests.factories import ArticlePageFactory, CampaignPageFactory

pytestmark = pytest.mark.django_db


def served(client, url):
    response = client.get(url)
    page = response.context["page"] if response.status_code == 200 and response.context else None
    return response.status_code, page.pk if page is not None else None


@pytest.fixture
def article(campaign):
    return ArticlePageFactory(parent=campaign, title="Bài được nhớ đường", slug="bai-duoc-nho-duong")


def test_a_repeat_visit_serves_the_same_page_without_walking_the_tree(client, article):
    first = client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        repeat = client.get(article.url)
    assert repeat.status_code == first.status_code == 200
    assert repeat.context["page"].pk == article.pk
    assert type(repeat.context["page"]) is ArticlePage
    assert not [q for q in queries.captured_queries if '"wagtailcore_page"."slug" =' in q["sql"]]


def test_an_article_unpublished_by_a_script_without_signals_is_not_served_from_memory(client, article):
    """No signal, no new content version: the page's own row still decides."""
    assert served(client, article.url) == (200, article.pk)
    Page.objects.filter(pk=article.pk).update(live=False)
    assert client.get(article.url).status_code == 404


def test_an_unpublished_article_is_gone_at_its_remembered_url(client, article):
    assert served(client, article.url) == (200, article.pk)
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_a_moved_article_answers_at_its_new_url_and_redirects_from_the_old_one(client, article, campaign_index):
    old_url = article.url
    assert served(client, old_url) == (200, article.pk)
    other = CampaignPageFactory(parent=campaign_index, title="Phong trào khác", slug="phong-trao-khac")
    article.move(other, pos="last-child")
    article.refresh_from_db()
    moved = client.get(old_url)
    assert moved.status_code == 301 and moved["Location"] == article.url  # Wagtail's automatic redirect
    assert served(client, article.url) == (200, article.pk)
    assert article.url.startswith("/phong-trao/phong-trao-khac/")


def test_a_renamed_campaign_moves_its_articles_urls(client, article, campaign):
    old_url = article.url
    assert served(client, old_url) == (200, article.pk)
    campaign.slug = "ten-moi"
    campaign.save_revision().publish()
    article.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert served(client, article.url) == (200, article.pk)


def test_a_new_page_at_a_remembered_not_found_url_is_served(client, campaign):
    """404s are never remembered."""
    url = campaign.url + "bai-moi/"
    assert client.get(url).status_code == 404
    page = ArticlePageFactory(parent=campaign, title="Bài mới", slug="bai-moi")
    assert served(client, url) == (200, page.pk)


def test_sub_pages_of_a_remembered_page_are_still_its_own_routes(client, article, campaign):
    for _ in range(2):
        printed = client.get(article.url + "ban-in/")
        feed = client.get(campaign.url + "rss/")
        tag = client.get("/chu-de/thi-dua/")
        assert printed.status_code == 200 and "news/article_print.html" in [t.name for t in printed.templates]
        assert feed.status_code == 200 and feed["Content-Type"].startswith("application/rss+xml")
        assert tag.status_code in (200, 404)
        assert client.get(article.url + "khong-co/").status_code == 404


def test_a_restriction_added_after_the_route_was_remembered_asks_for_a_login(client, article):
    assert served(client, article.url) == (200, article.pk)
    PageViewRestriction.objects.create(page=article.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_a_restriction_set_by_a_script_without_signals_still_applies(client, article):
    """Restrictions are read from the database on every request, never remembered."""
    assert served(client, article.url) == (200, article.pk)
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=article.get_parent(), restriction_type=PageViewRestriction.LOGIN)]
    )
    assert client.get(article.url).status_code == 302


def test_each_host_is_routed_from_its_own_sites_root(client, article, home):
    """A second site for another host name: its URLs are not the first site's."""
    other_root = home.get_parent().add_child(instance=HomePage(title="Trang khác", slug="trang-khac"))
    Site.objects.create(hostname="khac.example", port=80, root_page=other_root)
    assert served(client, article.url) == (200, article.pk)
    assert client.get(article.url, HTTP_HOST="khac.example").status_code == 404
    assert served(
        client,
        "/",
    ) == (200, home.pk)
    assert served(client.__class__(HTTP_HOST="khac.example"), "/") == (200, other_root.pk)


def test_a_sites_new_root_page_takes_effect_for_remembered_urls(client, article, home):
    assert served(client, "/") == (200, home.pk)
    new_root = home.get_parent().add_child(instance=HomePage(title="Trang chủ mới", slug="trang-chu-moi"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = new_root
    site.save()
    assert served(client, "/") == (200, new_root.pk)
    assert client.get(article.url).status_code == 404


def test_portal_settings_are_read_once_and_an_edit_shows_at_once(client, home):
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not [q for q in queries.captured_queries if "core_portalsettings" in q["sql"]]
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.site_name = "Cổng thông tin thi đua tỉnh"
    portal.save()
    assert "Cổng thông tin thi đua tỉnh" in client.get("/").content.decode()
