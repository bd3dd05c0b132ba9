"""The beacon endpoint: cookies, crawlers, cross-site refusals; the widget and Đọc nhiều."""

import re

import pytest
from django.utils import timezone

from stats.visitors import COOKIE_NAME

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36"


@pytest.fixture
def browser(client):
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    return client


def counts(client):
    from django.core.cache import cache

    cache.clear()
    return client.get("/api/stats/").json()


def test_first_hit_sets_a_visitor_cookie_and_later_hits_reuse_it(browser, use_store):
    first = browser.post("/api/stats/hit/")
    assert first.status_code == 204
    cookie = first.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) > 365 * 24 * 3600
    assert COOKIE_NAME not in browser.post("/api/stats/hit/").cookies
    assert counts(browser) == {"online": 1, "today": 1, "week": 1, "total": 1}


def test_a_forged_cookie_is_replaced(browser, use_store):
    browser.cookies[COOKIE_NAME] = "<script>"
    assert COOKIE_NAME in browser.post("/api/stats/hit/").cookies


def test_no_ip_address_is_stored(browser, db):
    from stats.models import VisitorDay, VisitorSeen

    browser.post("/api/stats/hit/", REMOTE_ADDR="203.0.113.77")
    stored = list(VisitorSeen.objects.values_list("visitor", flat=True)) + list(
        VisitorDay.objects.values_list("visitor", flat=True)
    )
    assert stored and all("203.0.113.77" not in value for value in stored)
    assert browser.cookies[COOKIE_NAME].value not in stored  # only a keyed hash of the cookie


@pytest.mark.parametrize(
    "agent",
    [
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "python-requests/2.31",
        "",
    ],
)
def test_crawlers_are_not_counted(client, use_store, agent):
    response = client.post("/api/stats/hit/", HTTP_USER_AGENT=agent)
    assert response.status_code == 204 and COOKIE_NAME not in response.cookies
    assert counts(client)["today"] == 0


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_ORIGIN": "null"}, {"HTTP_SEC_FETCH_SITE": "cross-site"}],
)
def test_cross_site_beacons_are_refused(browser, use_store, headers):
    assert browser.post("/api/stats/hit/", **headers).status_code == 403
    assert counts(browser)["today"] == 0


def test_same_origin_beacon_needs_no_csrf_token(db, use_store):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=BROWSER)
    assert strict.post("/api/stats/hit/", HTTP_ORIGIN="http://testserver").status_code == 204


def test_only_post_counts(browser, use_store):
    assert browser.get("/api/stats/hit/").status_code == 405
    assert browser.post("/api/stats/").status_code == 405


def test_page_views_write_nothing_and_pages_carry_the_widget(browser, home, django_assert_num_queries, db):
    from stats.models import VisitorDay, VisitorSeen

    html = browser.get("/").content.decode()
    assert "Thống kê truy cập" in html and 'data-stat="online"' in html and "stats/beacon.js" in html
    assert not VisitorSeen.objects.exists() and not VisitorDay.objects.exists()


def test_most_read_block_lists_articles_read_in_the_last_seven_days(browser, use_store, home, campaign):
    from tests.factories import ArticlePageFactory

    popular = ArticlePageFactory(parent=campaign, title="Bài được đọc nhiều")
    quiet = ArticlePageFactory(parent=campaign, title="Bài ít người đọc")
    for _ in range(3):
        visitor = type(browser)(HTTP_USER_AGENT=BROWSER)
        visitor.post("/api/stats/hit/", {"page": popular.pk})
    browser.post("/api/stats/hit/", {"page": quiet.pk})
    titles = [
        a.text for a in __import__("bs4").BeautifulSoup(browser.get("/").content, "html.parser").select(".most-read a")
    ]
    assert titles == ["Bài được đọc nhiều", "Bài ít người đọc"]
    campaign_html = browser.get(campaign.url).content.decode()
    assert "Đọc nhiều" in campaign_html and "Bài được đọc nhiều" in campaign_html


def test_most_read_box_is_built_once_and_drops_an_unpublished_article_at_once(browser, use_store, home, campaign):
    from bs4 import BeautifulSoup
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ArticlePageFactory

    first = ArticlePageFactory(parent=campaign, title="Bài đọc nhiều thứ nhất")
    second = ArticlePageFactory(parent=campaign, title="Bài đọc nhiều thứ hai")
    for page in (first, first, second):
        type(browser)(HTTP_USER_AGENT=BROWSER).post("/api/stats/hit/", {"page": page.pk})

    def box():
        return [a.text for a in BeautifulSoup(browser.get("/").content, "html.parser").select(".most-read a")]

    assert box() == ["Bài đọc nhiều thứ nhất", "Bài đọc nhiều thứ hai"]
    with CaptureQueriesContext(connection) as queries:
        assert box() == ["Bài đọc nhiều thứ nhất", "Bài đọc nhiều thứ hai"]
    assert not [q for q in queries.captured_queries if "news_articlepage" in q["sql"] and " IN (" in q["sql"]]
    first.unpublish()
    assert box() == ["Bài đọc nhiều thứ hai"]


def test_admin_report_shows_numbers_chart_and_exports_csv(browser, use_store, django_user_model):
    from django.contrib.auth.models import Group

    browser.post("/api/stats/hit/")
    staff = django_user_model.objects.create_user("truyenthong", password="x")
    staff.groups.add(Group.objects.get(name="Truyền thông"))
    browser.force_login(staff)
    page = browser.get("/admin/reports/thong-ke-truy-cap/?days=90")
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and "Lượt truy cập theo ngày" in body
    assert "Đọc nhiều nhất – 90 ngày qua" in body and len(re.findall(r"<td >\s*\d\d/\d\d/\d{4}", body)) == 90
    export = browser.get("/admin/reports/thong-ke-truy-cap/?days=30&export=csv")
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "Ngày,Lượt truy cập" and len(lines) == 31 and lines[-1].endswith(",1")


def test_admin_report_exports_daily_visits_as_xlsx_dates(browser, use_store, django_user_model):
    import io

    import openpyxl

    from stats.stores import local_day

    browser.post("/api/stats/hit/")
    admin = django_user_model.objects.create_superuser("quantri", password="x")
    browser.force_login(admin)
    export = browser.get("/admin/reports/thong-ke-truy-cap/?days=90&export=xlsx")
    assert export["Content-Disposition"].endswith('thong-ke-truy-cap-90-ngay.xlsx"')
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.values)
    assert rows[0] == ("Ngày", "Lượt truy cập") and len(rows) == 91
    assert rows[-1][0] == local_day(timezone.now()) and rows[-1][1] == 1


def test_admin_report_is_closed_to_people_without_the_permission(client, django_user_model):
    outsider = django_user_model.objects.create_user("ngoai", password="x")
    client.force_login(outsider)
    assert client.get("/admin/reports/thong-ke-truy-cap/").status_code in (302, 403)


def test_an_article_read_again_is_not_looked_up_again_until_the_content_changes(
    browser, campaign, django_capture_on_commit_callbacks
):
    """Every page load sends a beacon: readability is asked once per content version."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stats.models import ArticleView
    from tests.factories import ArticlePageFactory

    with django_capture_on_commit_callbacks(execute=True):
        article = ArticlePageFactory(parent=campaign)

    def beacon_lookups():
        with CaptureQueriesContext(connection) as queries:
            assert browser.post("/api/stats/hit/", {"page": article.pk}).status_code == 204
        return sum("news_articlepage" in query["sql"] for query in queries.captured_queries)

    assert beacon_lookups() == 1
    assert beacon_lookups() == 0
    assert ArticleView.objects.filter(page_id=article.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    ArticleView.objects.all().delete()
    assert beacon_lookups() == 1  # a new content version: asked again, and no longer readable
    assert not ArticleView.objects.exists()
