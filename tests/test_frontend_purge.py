"""nginx's page cache is purged, after the commit, wherever a changed page is shown.

A real HTTP server in a thread stands in for nginx and records every PURGE it receives;
Wagtail's HTTP backend sends them to it as configured through WAGTAILFRONTENDCACHE.
"""

import datetime as dt
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from core.frontend_cache import purger
from news.models import ArticlePage
from tests.factories import ArticlePageFactory, CampaignPageFactory

pytestmark = pytest.mark.django_db

PUBLISHED = timezone.make_aware(dt.datetime(2025, 3, 14, 9, 30))


class PurgeRecorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.purges = []
        super().__init__(("127.0.0.1", 0), self.Handler)

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 - the HTTP method's name
            self.server.purges.append((self.headers["Host"], self.path))
            self.send_response(200 if len(self.server.purges) % 2 else 404)  # nginx: 404 = held no copy
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    def paths(self):
        return {path for _, path in self.purges}


def configure(settings, location, timeout=2.0):
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {"BACKEND": "core.frontend_cache.PurgeHTTPBackend", "LOCATION": location, "TIMEOUT": timeout}
    }


@pytest.fixture
def nginx(settings):
    server = PurgeRecorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    configure(settings, f"http://127.0.0.1:{server.server_address[1]}")
    settings.FRONTEND_CACHE_REPURGE_SECONDS = 0
    yield server
    assert purger.wait()
    server.shutdown()
    server.server_close()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed, then wait for the purges to go out."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            result = change()
        assert purger.wait()
        return result

    return run


def story(campaign, **kwargs):
    kwargs.setdefault("published_at", PUBLISHED)
    kwargs.setdefault("live", False)
    tags = kwargs.pop("tags", ())
    article = ArticlePageFactory(parent=campaign, **kwargs)
    if tags:
        article.tags.add(*tags)
        article.save_revision()
    return article


def publish(page):
    page.save_revision().publish()


def listing_paths(campaign_slug="chuyen-doi-so", tags=("so-hoa",), month="2025/3"):
    year = month.split("/")[0]
    paths = {
        "/",
        f"/phong-trao/{campaign_slug}/",
        f"/phong-trao/{campaign_slug}/rss/",
        "/luu-tru/",
        f"/luu-tru/{year}/",
        f"/luu-tru/{month}/",
        "/rss/",
        "/sitemap.xml",
        "/sitemap-bai-viet.xml",
    }
    for tag in tags:
        paths |= {f"/chu-de/{tag}/", f"/chu-de/{tag}/rss/"}
    return paths


def test_publishing_a_story_purges_it_and_every_listing_that_shows_it(nginx, committed, campaign):
    article = story(campaign, title="Số hoá hồ sơ khen thưởng", tags=["Số hoá"])

    committed(lambda: publish(article))

    url = "/phong-trao/chuyen-doi-so/so-hoa-ho-so-khen-thuong/"
    assert {url, url + "ban-in/"} | listing_paths() <= nginx.paths()
    assert {host for host, _ in nginx.purges} == {"localhost"}  # the page's site, as nginx keys it


def test_republishing_purges_a_tag_just_removed_and_the_old_address(nginx, committed, campaign):
    article = story(campaign, title="Tin cũ", slug="tin-cu", tags=["Số hoá", "Khen thưởng"])
    committed(lambda: publish(article))
    nginx.purges.clear()

    edited = article.get_latest_revision_as_object()
    edited.slug = "tin-moi"
    edited.tags.set(["Khen thưởng"])
    committed(lambda: publish(edited))

    paths = nginx.paths()
    assert {"/chu-de/so-hoa/", "/chu-de/khen-thuong/"} <= paths
    assert {"/phong-trao/chuyen-doi-so/tin-cu/", "/phong-trao/chuyen-doi-so/tin-moi/"} <= paths


def test_unpublishing_purges_the_story_and_its_listings(nginx, committed, campaign):
    article = story(campaign, title="Bài sẽ gỡ", slug="bai-se-go", tags=["Số hoá"])
    committed(lambda: publish(article))
    nginx.purges.clear()

    committed(lambda: ArticlePage.objects.get(pk=article.pk).unpublish())

    assert {"/phong-trao/chuyen-doi-so/bai-se-go/"} | listing_paths() <= nginx.paths()


def test_moving_a_story_purges_both_addresses_and_both_campaigns(nginx, committed, campaign, campaign_index):
    other = CampaignPageFactory(parent=campaign_index, title="Dân vận khéo", slug="dan-van-kheo")
    article = story(campaign, title="Bài chuyển mục", slug="bai-chuyen-muc", tags=["Số hoá"])
    committed(lambda: publish(article))
    nginx.purges.clear()

    committed(lambda: Page.objects.get(pk=article.pk).move(other, pos="last-child"))

    paths = nginx.paths()
    assert {"/phong-trao/chuyen-doi-so/bai-chuyen-muc/", "/phong-trao/dan-van-kheo/bai-chuyen-muc/"} <= paths
    assert listing_paths() | listing_paths(campaign_slug="dan-van-kheo") <= paths


def test_deleting_a_story_purges_it_and_its_listings(nginx, committed, campaign):
    article = story(campaign, title="Bài sẽ xoá", slug="bai-se-xoa", tags=["Số hoá"])
    committed(lambda: publish(article))
    nginx.purges.clear()

    committed(lambda: Page.objects.get(pk=article.pk).delete())

    assert {"/phong-trao/chuyen-doi-so/bai-se-xoa/"} | listing_paths() <= nginx.paths()


def test_restricting_a_campaign_purges_every_story_under_it_and_where_they_were_listed(nginx, committed, campaign):
    first = story(campaign, title="Bài một", slug="bai-mot", tags=["Số hoá"])
    second = story(
        campaign, title="Bài hai", slug="bai-hai", tags=["Khen thưởng"], published_at=PUBLISHED.replace(month=5)
    )
    committed(lambda: (publish(first), publish(second)))
    nginx.purges.clear()

    restriction = committed(
        lambda: PageViewRestriction.objects.create(page=campaign, restriction_type=PageViewRestriction.LOGIN)
    )

    paths = nginx.paths()
    assert {"/phong-trao/chuyen-doi-so/bai-mot/", "/phong-trao/chuyen-doi-so/bai-hai/ban-in/"} <= paths
    assert {"/", "/chu-de/so-hoa/", "/chu-de/khen-thuong/", "/luu-tru/2025/3/", "/luu-tru/2025/5/", "/rss/"} <= paths

    nginx.purges.clear()
    committed(restriction.delete)
    assert {"/phong-trao/chuyen-doi-so/bai-mot/", "/chu-de/so-hoa/"} <= nginx.paths()


def test_editing_a_campaign_purges_it_the_home_page_and_the_campaign_list(nginx, committed, campaign):
    edited = campaign.get_latest_revision_as_object() if campaign.latest_revision_id else campaign
    edited.slogan = "Khẩu hiệu mới"
    committed(lambda: publish(edited))

    assert {"/", "/phong-trao/", "/phong-trao/chuyen-doi-so/", "/sitemap-trang.xml"} <= nginx.paths()


def test_nothing_is_purged_before_the_commit(nginx, django_capture_on_commit_callbacks, campaign):
    article = story(campaign, title="Chưa chốt giao dịch", slug="chua-chot")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(article)
    assert purger.wait()
    assert nginx.purges == []  # a reader arriving now would refill the cache with the old page

    for callback in callbacks:
        callback()
    assert purger.wait()
    assert "/phong-trao/chuyen-doi-so/chua-chot/" in nginx.paths()


def test_each_purge_is_repeated_once_every_worker_sees_the_new_version(nginx, committed, campaign, settings):
    settings.FRONTEND_CACHE_REPURGE_SECONDS = 0.2
    article = story(campaign, title="Hai lần xoá", slug="hai-lan-xoa")

    committed(lambda: publish(article))

    url = "/phong-trao/chuyen-doi-so/hai-lan-xoa/"
    assert [path for _, path in nginx.purges].count(url) == 2


def test_a_cache_that_refuses_connections_does_not_break_publishing(settings, committed, campaign, caplog):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    configure(settings, f"http://127.0.0.1:{port}")
    settings.FRONTEND_CACHE_REPURGE_SECONDS = 0
    article = story(campaign, title="Vẫn xuất bản được", slug="van-xuat-ban")

    with caplog.at_level(logging.WARNING, logger="core.frontend_cache"):
        committed(lambda: publish(article))

    article.refresh_from_db()
    assert article.live
    assert any("Không xoá được" in record.getMessage() for record in caplog.records)


def test_a_cache_that_never_answers_costs_the_publisher_nothing(settings, django_capture_on_commit_callbacks, campaign):
    silent = socket.socket()  # the kernel accepts connections (backlog); nobody ever replies
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)
    try:
        configure(settings, f"http://127.0.0.1:{silent.getsockname()[1]}", timeout=0.3)
        settings.FRONTEND_CACHE_REPURGE_SECONDS = 0
        article = story(campaign, title="Máy đệm treo", slug="may-dem-treo")

        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            publish(article)
        publishing = time.monotonic() - started
        assert purger.wait(timeout=30)  # each PURGE gave up after its timeout
    finally:
        silent.close()
    assert publishing < 1.5


def test_an_import_purges_the_listings_of_the_campaign_it_fills(nginx, committed, campaign, tmp_path):
    import io
    import shutil
    from pathlib import Path

    from django.core.management import call_command

    source = Path(__file__).resolve().parent.parent / "importer" / "tests" / "fixtures"
    shutil.copy(source / "dateline_sapo_numbered_photos.txt", tmp_path / "bai.txt")

    committed(
        lambda: call_command(
            "import_articles", "--no-progress", "--campaign", campaign.slug, str(tmp_path), stdout=io.StringIO()
        )
    )

    article = ArticlePage.objects.get()
    local = timezone.localtime(article.published_at)
    assert {"/", "/rss/", "/sitemap-bai-viet.xml", f"/luu-tru/{local.year}/{local.month}/"} <= nginx.paths()


def test_renaming_a_campaigns_address_purges_the_old_addresses_of_its_stories(nginx, committed, campaign):
    article = story(campaign, title="Bài trong phong trào", slug="bai-trong-phong-trao")
    committed(lambda: publish(article))
    nginx.purges.clear()

    edited = campaign.get_latest_revision_as_object() if campaign.latest_revision_id else campaign
    edited.slug = "so-hoa-toan-dien"
    committed(lambda: publish(edited))

    paths = nginx.paths()
    assert {"/phong-trao/chuyen-doi-so/", "/phong-trao/chuyen-doi-so/bai-trong-phong-trao/"} <= paths
    assert "/phong-trao/so-hoa-toan-dien/" in paths
