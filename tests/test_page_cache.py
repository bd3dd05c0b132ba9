"""Anonymous readers share one cached copy of each page; nobody else ever gets one.

The Django tier (``PAGE_CACHE_SECONDS``) and the headers nginx and browsers read
(``X-Accel-Expires``, ``Cache-Control``), checked through the test client.
"""

import time

import pytest
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from wagtail.models import PageViewRestriction

from core.models import ContentVersion
from stats.visitors import COOKIE_NAME as VISITOR_COOKIE
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

URL = "/phong-trao/chuyen-doi-so/ket-qua-thi-dua/"


def sets_a_cookie(request):
    response = HttpResponse("<p>Xin chào</p>")
    response.set_cookie("chon-lua", "1")
    return response


def uses_the_csrf_token(request):
    return HttpResponse(f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>')


urlpatterns = [
    path("thu/dat-cookie/", sets_a_cookie),
    path("thu/csrf/", uses_the_csrf_token),
    path("", include("thidua_site.urls")),
]


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_PROXY_SECONDS = 300
    return settings


@pytest.fixture
def article(campaign):
    return ArticlePageFactory(parent=campaign, title="Kết quả thi đua", slug="ket-qua-thi-dua", tags=["Số hoá"])


def cache_control(response):
    return {item.strip() for item in response.get("Cache-Control", "").split(",") if item.strip()}


def test_an_anonymous_reader_gets_the_second_copy_without_a_query(
    page_cache, client, article, django_assert_num_queries
):
    first = client.get(URL)
    assert first.status_code == 200

    with django_assert_num_queries(0):
        second = client.get(URL)

    assert second.content == first.content


def test_a_reader_sees_a_publish_on_the_next_request(page_cache, client, article):
    assert "Kết quả thi đua" in client.get(URL).content.decode()

    edited = article.get_latest_revision_as_object()
    edited.title = "Kết quả thi đua năm 2025"
    edited.save_revision().publish()

    assert "Kết quả thi đua năm 2025" in client.get(URL).content.decode()
    assert "Kết quả thi đua năm 2025" in client.get("/").content.decode()  # and every listing


def test_every_worker_sees_a_publish_within_its_memo_time(page_cache, client, article, settings):
    """Another worker bumped the version: this one serves its copy only until its memo expires."""
    settings.CONTENT_VERSION_MEMO_SECONDS = 0.2
    client.get(URL)
    article.title = "Sửa ở tiến trình khác"
    article.save(update_fields=["title"])  # the row as another worker's publish leaves it...
    ContentVersion.objects.filter(pk=1).update(value=ContentVersion.objects.get(pk=1).value + 1)  # ...and its bump

    time.sleep(0.25)

    assert "Sửa ở tiến trình khác" in client.get(URL).content.decode()


def test_a_logged_in_reader_is_never_served_or_stored(page_cache, client, article, editor):
    client.get(URL)  # an anonymous copy exists
    client.force_login(editor)

    page = client.get(URL)

    assert {"private", "no-store"} <= cache_control(page)
    assert page["X-Accel-Expires"] == "0"
    assert b"userbar" in page.content  # the editor's own page (Wagtail's userbar), not the shared copy
    client.logout()
    anonymous = client.get(URL)
    assert b"userbar" not in anonymous.content and "private" not in cache_control(anonymous)


def test_anonymous_pages_tell_nginx_to_keep_them_and_browsers_to_ask_again(page_cache, client, article):
    for url in ("/", URL, URL + "ban-in/", "/chu-de/so-hoa/", "/luu-tru/", "/phong-trao/", "/rss/", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Accel-Expires"] == "300", url
        assert cache_control(response) == {"max-age=0", "must-revalidate"}, url
        assert "Cookie" not in response.get("Vary", ""), url  # one copy for every reader, whatever cookies
        assert not response.cookies, url


def test_nginx_reads_the_lifetime_before_the_browser_policy(page_cache, client, article):
    """nginx 1.22 takes upstream headers in order: a max-age=0 read before X-Accel-Expires made
    the page uncacheable (measured against the real nginx: every request a MISS)."""
    for response in (client.get(URL), client.get(URL)):  # rendered, then from the Django tier
        names = [name.lower() for name in response.headers]
        assert names.index("x-accel-expires") < names.index("cache-control")


def test_a_reload_of_an_unchanged_page_is_a_bodyless_304(page_cache, client, article):
    etag = client.get(URL)["ETag"]

    again = client.get(URL, headers={"If-None-Match": etag})

    assert again.status_code == 304 and again.content == b""


def test_a_missing_page_is_kept_only_briefly(page_cache, client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert response["X-Accel-Expires"] == "60"


def test_page_numbers_are_cached_by_django_not_announced_to_nginx(
    page_cache, client, article, django_assert_num_queries
):
    first = client.get("/luu-tru/", {"trang": "2"})
    assert "X-Accel-Expires" not in first  # nginx keeps argument-less URLs only
    with django_assert_num_queries(0):
        client.get("/luu-tru/", {"trang": "2"})


def test_tracking_tags_share_the_copy_of_the_plain_address(page_cache, client, article, django_assert_num_queries):
    client.get(URL)
    with django_assert_num_queries(0):
        shared = client.get(URL, {"fbclid": "IwAR0abc", "utm_source": "zalo"})
    assert shared.status_code == 200


def test_unknown_query_strings_are_rendered_not_stored(page_cache, client, article):
    client.get(URL, {"x": "1"})
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"x": "1"})
    assert len(queries) > 0  # an attacker's endless query strings never fill the cache


def test_head_requests_are_answered_from_the_cached_copy(page_cache, client, article, django_assert_num_queries):
    client.get(URL)
    with django_assert_num_queries(0):
        assert client.head(URL).status_code == 200


def test_restricted_pages_are_never_cached(page_cache, client, article, editor):
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    anonymous = client.get(URL)
    assert anonymous.status_code == 302 and "X-Accel-Expires" not in anonymous

    PageViewRestriction.objects.all().delete()
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.PASSWORD, password="bi-mat")
    form = client.get(URL)
    assert form.status_code == 200 and "Kết quả thi đua" not in form.content.decode()
    assert "X-Accel-Expires" not in form or form["X-Accel-Expires"] == "0"
    assert "no-store" in cache_control(form) or "no-cache" in cache_control(form)

    client.force_login(editor)
    PageViewRestriction.objects.all().delete()
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    readable = client.get(URL)
    assert readable.status_code == 200 and {"private", "no-store"} <= cache_control(readable)


def test_a_response_that_sets_a_cookie_is_private_and_not_stored(page_cache, client, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/thu/dat-cookie/")
    assert {"private", "no-store"} <= cache_control(response) and response["X-Accel-Expires"] == "0"
    client.cookies.clear()
    assert client.get("/thu/dat-cookie/").cookies  # rendered again, not replayed from a cache


def test_a_page_that_used_the_csrf_token_is_private(page_cache, client, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/thu/csrf/")
    assert {"private", "no-store"} <= cache_control(response)
    assert "X-Accel-Expires" in response and response["X-Accel-Expires"] == "0"


def test_endpoints_with_their_own_policy_keep_it(page_cache, client, db):
    counts = client.get("/api/stats/")
    assert "X-Accel-Expires" not in counts and "max-age=5" in cache_control(counts)
    login = client.get("/dang-nhap/")
    assert "no-store" in cache_control(login) and "X-Accel-Expires" in login and login["X-Accel-Expires"] == "0"
    admin = client.get("/admin/")
    assert "X-Accel-Expires" not in admin or admin["X-Accel-Expires"] == "0"


def test_with_the_django_tier_off_every_request_renders(settings, client, article):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert len(queries) > 0
    assert response["X-Accel-Expires"] == "300"  # nginx still may keep it


def test_anonymous_html_is_the_same_for_every_reader(client, article, settings):
    """No CSRF token, captcha or per-visitor bit in a page nginx hands to everyone. The CSP nonce
    differs per rendering and is stored with its header, so it is set aside here."""
    import re

    settings.PAGE_CACHE_SECONDS = 0

    def content(response):
        nonce = re.search(r"'nonce-([^']+)'", response.get("Content-Security-Policy", ""))
        return response.content.replace(nonce.group(1).encode(), b"NONCE") if nonce else response.content

    pages = ("/", URL, URL + "ban-in/", "/chu-de/so-hoa/", "/luu-tru/", "/phong-trao/", "/phong-trao/chuyen-doi-so/")
    for url in (*pages, "/tim-kiem/", "/khong-co-trang-nay/"):
        plain = content(client.get(url))
        client.cookies[VISITOR_COOKIE] = "khach-da-quay-lai"
        client.cookies["csrftoken"] = "a" * 32
        with_cookies = content(client.get(url))
        client.cookies.clear()
        assert plain == with_cookies, url
        assert b"csrfmiddlewaretoken" not in plain and b"captcha" not in plain.lower(), url


def test_a_new_site_name_reaches_cached_pages_at_once(page_cache, client, article):
    from wagtail.models import Site

    from core.models import PortalSettings

    client.get(URL)
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.site_name = "Cổng thi đua mới"
    portal.save()

    assert "Cổng thi đua mới" in client.get(URL).content.decode()


def test_behind_nginx_the_django_tier_keeps_only_what_nginx_passes_through(
    page_cache, client, article, settings, django_assert_num_queries
):
    """nginx holds argument-less pages: a second copy of each in Redis would only fill it."""
    settings.FRONTEND_CACHE_URL = "http://127.0.0.1:9"  # no purge is sent in this test
    client.get(URL)
    client.get("/luu-tru/", {"trang": "2"})
    client.get(URL, {"fbclid": "abc"})
    with django_assert_num_queries(0):  # ?trang=2 and shared links reach Django: kept
        client.get("/luu-tru/", {"trang": "2"})
        client.get(URL, {"fbclid": "xyz"})
    assert client.get(URL)["X-Accel-Expires"] == "300"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    assert len(queries) > 0, "the plain address is rendered for nginx, not stored in Django"
