"""A story behind a view restriction (login or password) never reaches the public.

Production runs several worker processes, each with its own memory. A
restriction saved through one worker runs its signal handlers in that worker
only; the others learn of it from the database alone. The tests below play
"the other worker": the restriction row is written with ``bulk_create`` (no
``post_save``, so nothing in this process's cache is dropped) after this
process has already served pages and cached whatever it caches. Every public
surface must still leave the story out.
"""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction

from search.models import SearchDocument
from stats.models import ArticleView, VisitorDay
from tests.factories import ArticlePageFactory, CampaignPageFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36"
SECRET_TITLE = "Tin nội bộ về quỹ khen thưởng"
PUBLIC_TITLE = "Tin công khai về khen thưởng"
KINDS = [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD]


def restrict_from_another_worker(page, kind):
    """The rows another process wrote: the restriction, and the content version its receiver moved
    on (``news.cache``); none of this process's signal handlers run. This process learns of the new
    version when its one-second memo runs out, which ``clock.forget()`` stands for."""
    from django.db.models import F

    from core.models import ContentVersion
    from news.cache import clock

    PageViewRestriction.objects.bulk_create(
        [
            PageViewRestriction(
                page=page, restriction_type=kind, password="mat-khau-noi-bo" if kind == "password" else ""
            )
        ]
    )
    ContentVersion.objects.update(value=F("value") + 1)
    clock.forget()


@pytest.fixture
def stories(home, campaign, django_capture_on_commit_callbacks):
    """A public and a soon-restricted story, same campaign, tag and month, both indexed and read."""
    published = timezone.now() - dt.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        secret = ArticlePageFactory(parent=campaign, title=SECRET_TITLE, tags=["khen thưởng"], published_at=published)
        public = ArticlePageFactory(
            parent=campaign,
            title=PUBLIC_TITLE,
            tags=["khen thưởng"],
            published_at=published - dt.timedelta(minutes=5),
        )
    return {"secret": secret, "public": public, "campaign": campaign}


def body(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def served_before(client):
    """This process serves pages first, caching whatever it caches."""
    body(client, "/")


def assert_hidden(html, secret, where):
    assert SECRET_TITLE not in html, where
    assert secret.url not in html, where


SURFACES = {
    "home": lambda s: "/",
    "campaign": lambda s: s["campaign"].url,
    "tag": lambda s: "/chu-de/khen-thuong/",
    "archive": lambda s: "/luu-tru/",
    "archive year": lambda s: f"/luu-tru/{timezone.localtime(s['secret'].published_at).year}/",
    "archive month": lambda s: "/luu-tru/{0.year}/{0.month}/".format(timezone.localtime(s["secret"].published_at)),
    "site feed": lambda s: "/rss/",
    "campaign feed": lambda s: s["campaign"].url + "rss/",
    "tag feed": lambda s: "/chu-de/khen-thuong/rss/",
    "sitemap": lambda s: "/sitemap-bai-viet.xml",
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("surface", SURFACES)
def test_restricted_story_is_left_out_of_listings_feeds_and_the_sitemap(client, stories, kind, surface):
    url = SURFACES[surface](stories)
    served_before(client)
    restrict_from_another_worker(stories["secret"], kind)

    html = body(client, url)
    assert_hidden(html, stories["secret"], url)
    assert PUBLIC_TITLE in html or stories["public"].url in html  # the surface does list public stories


@pytest.mark.parametrize("kind", KINDS)
def test_archive_counts_leave_out_restricted_stories(client, stories, kind):
    secret = stories["secret"]
    local = timezone.localtime(secret.published_at)
    served_before(client)
    restrict_from_another_worker(secret, kind)

    page = BeautifulSoup(body(client, f"/luu-tru/{local.year}/{local.month}/"), "html.parser")
    assert page.select_one(".listing-meta").get_text(strip=True) == "1 bài viết"
    assert [item.get_text(strip=True) for item in page.select(".archive-nav .count")] == ["(1)"]


def test_a_restriction_saved_here_refreshes_cached_archive_counts_and_sitemap_at_once(client, stories):
    secret = stories["secret"]
    local = timezone.localtime(secret.published_at)
    archive = f"/luu-tru/{local.year}/{local.month}/"
    assert "(2)" in body(client, archive) and secret.url in body(client, "/sitemap-bai-viet.xml")

    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)

    page = BeautifulSoup(body(client, archive), "html.parser")
    assert [item.get_text(strip=True) for item in page.select(".archive-nav .count")] == ["(1)"]
    assert page.select_one(".listing-meta").get_text(strip=True) == "1 bài viết"
    assert secret.url not in body(client, "/sitemap-bai-viet.xml")


@pytest.mark.parametrize("kind", KINDS)
def test_related_stories_leave_out_restricted_ones(client, stories, kind):
    served_before(client)
    assert SECRET_TITLE in body(client, stories["public"].url)  # related by tag and campaign while public
    restrict_from_another_worker(stories["secret"], kind)
    page = BeautifulSoup(body(client, stories["public"].url), "html.parser")
    related = [a.get_text(strip=True) for a in page.select(".related .card__title a")]
    assert SECRET_TITLE not in related


@pytest.mark.parametrize("kind", KINDS)
def test_restricted_story_is_never_in_most_read_even_when_counted_before(client, stories, kind):
    secret = stories["secret"]
    reader = type(client)(HTTP_USER_AGENT=BROWSER)
    for _ in range(3):  # read while it was public: the views are in the store
        type(client)(HTTP_USER_AGENT=BROWSER).post("/api/stats/hit/", {"page": secret.pk})
    reader.post("/api/stats/hit/", {"page": stories["public"].pk})
    restrict_from_another_worker(secret, kind)

    for url in ("/", stories["campaign"].url):
        page = BeautifulSoup(body(client, url), "html.parser")
        most_read = [a.get_text(strip=True) for a in page.select(".most-read a")]
        assert most_read == [PUBLIC_TITLE], url


@pytest.mark.parametrize("kind", KINDS)
def test_the_beacon_counts_the_visit_but_not_a_restricted_article(client, stories, kind):
    restrict_from_another_worker(stories["secret"], kind)
    response = client.post("/api/stats/hit/", {"page": stories["secret"].pk}, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 204
    assert VisitorDay.objects.count() == 1  # the visit is counted
    assert not ArticleView.objects.exists()  # the article view is not

    client.post("/api/stats/hit/", {"page": stories["public"].pk}, HTTP_USER_AGENT=BROWSER)
    assert list(ArticleView.objects.values_list("page_id", flat=True)) == [stories["public"].pk]


def test_the_beacon_ignores_ids_of_non_articles_and_unknown_pages(client, stories, home):
    for page_id in (home.pk, stories["campaign"].pk, 2_000_000_000):
        assert client.post("/api/stats/hit/", {"page": page_id}, HTTP_USER_AGENT=BROWSER).status_code == 204
    assert not ArticleView.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_search_never_returns_a_restricted_story(client, stories, django_capture_on_commit_callbacks, kind):
    secret = stories["secret"]
    served_before(client)
    restrict_from_another_worker(secret, kind)
    # This process refreshes the story's document (an edit published here): visibility
    # comes from the database, not from what this process remembers.
    with django_capture_on_commit_callbacks(execute=True):
        type(secret).objects.get(pk=secret.pk).save_revision().publish()

    assert not SearchDocument.objects.filter(page_id=secret.pk).exists()
    data = client.get("/api/search/", {"q": "khen thuong"}).json()
    assert [hit["title"] for hit in data["results"]] == [PUBLIC_TITLE]
    assert SECRET_TITLE not in body(client, "/tim-kiem/?q=quy+khen+thuong")
    suggestions = client.get("/api/search/suggest/", {"q": "tin noi bo"}).json()["suggestions"]
    assert not any(SECRET_TITLE in str(item) for item in suggestions)


@pytest.mark.parametrize("kind", KINDS)
def test_ratings_api_answers_a_restricted_story_like_an_unknown_one(client, stories, kind):
    secret = stories["secret"]
    assert client.get(f"/api/ratings/{secret.pk}/").status_code == 200
    restrict_from_another_worker(secret, kind)

    hidden = client.get(f"/api/ratings/{secret.pk}/")
    unknown = client.get("/api/ratings/2000000000/")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.content == unknown.content
    assert hidden.json() == {"error": "Không có bài viết này."}


def test_ratings_api_still_answers_a_login_restricted_story_to_staff(client, stories, django_user_model):
    PageViewRestriction.objects.create(page=stories["secret"], restriction_type=PageViewRestriction.LOGIN)
    client.force_login(django_user_model.objects.create_user("canbo", password="x"))
    assert client.get(f"/api/ratings/{stories['secret'].pk}/").status_code == 200


def test_a_restricted_campaign_hides_itself_and_its_stories(client, campaign_index, stories):
    hidden = CampaignPageFactory(parent=campaign_index, title="Phong trào nội bộ", slug="noi-bo", short_title="Nội bộ")
    inside = ArticlePageFactory(parent=hidden, title="Bài trong phong trào nội bộ")
    served_before(client)
    restrict_from_another_worker(hidden, PageViewRestriction.LOGIN)

    home_html = body(client, "/")
    assert "Phong trào nội bộ" not in home_html and inside.title not in home_html
    index_html = body(client, campaign_index.url)
    assert "Phong trào nội bộ" not in index_html
    for url in ("/rss/", "/sitemap-bai-viet.xml", "/luu-tru/"):
        assert inside.url not in body(client, url), url
