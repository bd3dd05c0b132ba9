"""With REDIS_URL set and Redis gone, readers, the beacon, the figures and staff login still work.

Three ways for Redis to be gone: a port nobody listens on, a relay in front of
the machine's Redis whose connections are dropped mid-test (after pages were
served through it), and a relay that accepts but never answers (timeouts).
"""

import time
import uuid

import pytest
from captcha.models import CaptchaStore
from django.contrib.auth.models import Group
from django.test import Client

from core.redis_outage import reset_all
from core.tests.relay import Relay, dead_port, redis_available
from stats.stores import get_store
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db
BACKEND = "core.cache_backends.ResilientRedisCache"


def use_redis(settings, url):
    prefix = f"thidua-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {  # setting_changed makes Django build new cache handlers
        alias: {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"{prefix}-{alias}",
        }
        for alias in ("default", "renditions", "ratelimit")
    }
    settings.REDIS_URL = settings.STATS_REDIS_URL = url
    settings.STATS_REDIS_PREFIX = f"{prefix}:stats:"
    get_store.cache_clear()
    reset_all()


@pytest.fixture
def article(campaign):
    return ArticlePageFactory(parent=campaign, title="Biểu dương điển hình tiên tiến", tags=["Thi đua"])


@pytest.fixture
def rater(django_user_model):
    user = django_user_model.objects.create_user("truyenthong1", password="mat-khau-dai-123")
    user.groups.add(Group.objects.get(name="Truyền thông"))
    return user


@pytest.fixture(autouse=True)
def _stores_back():
    yield
    get_store.cache_clear()
    reset_all()


def public_urls(article):
    year = article.published_at.year
    return [
        "/",
        "/phong-trao/",
        article.get_parent().url,
        article.get_parent().url + "?trang=2",
        article.url,
        article.url + "ban-in/",
        "/chu-de/thi-dua/",
        "/chu-de/thi-dua/rss/",
        "/luu-tru/",
        f"/luu-tru/{year}/",
        "/tim-kiem/?q=biểu+dương",
        "/api/search/?q=biểu+dương",
        "/api/search/suggest/?q=biểu",
        "/rss/",
        article.get_parent().url + "rss/",
        "/sitemap.xml",
        "/robots.txt",
        f"/api/ratings/{article.pk}/",
    ]


def visit_everything(article, rater):
    """{what: status} for every public page, the statistics, the captcha and a login, plus the slowest time."""
    statuses, slowest = {}, 0.0
    reader = Client()

    def timed(name, call):
        nonlocal slowest
        started = time.monotonic()
        response = call()
        slowest = max(slowest, time.monotonic() - started)
        statuses[name] = response.status_code
        return response

    for url in public_urls(article):
        timed(url, lambda url=url: reader.get(url))
    timed("beacon", lambda: reader.post("/api/stats/hit/", {"page": article.pk}))
    stats = timed("stats API", lambda: reader.get("/api/stats/"))
    statuses["stats body"] = sorted(stats.json())
    timed("captcha refresh", lambda: reader.get("/captcha/refresh/", HTTP_X_REQUESTED_WITH="XMLHttpRequest"))
    timed("login page", lambda: reader.get("/dang-nhap/"))
    staff = Client(HTTP_ACCEPT="application/json")
    timed("login", lambda: staff.post("/dang-nhap/", {"username": "truyenthong1", "password": "mat-khau-dai-123"}))
    key = CaptchaStore.generate_key()
    answer = CaptchaStore.objects.get(hashkey=key).response
    timed(
        "rating",
        lambda: staff.post(f"/api/ratings/{article.pk}/", {"score": 4, "captcha_0": key, "captcha_1": answer}),
    )
    timed("admin", lambda: staff.get("/admin/"))
    return statuses, slowest


def assert_site_answers(statuses):
    errors = {name: status for name, status in statuses.items() if isinstance(status, int) and status >= 500}
    assert not errors, errors
    assert statuses["beacon"] == 204
    assert statuses["stats API"] == 200
    assert statuses["login"] == 302  # logged in: sessions are in the database
    assert statuses["rating"] == 200  # the rate limit fails open, the captcha is in the database
    assert statuses["/"] == statuses["/luu-tru/"] == statuses["/sitemap.xml"] == 200


def test_a_redis_url_pointing_at_a_dead_port_costs_nothing_but_the_cache(settings, article, rater):
    use_redis(settings, f"redis://127.0.0.1:{dead_port()}/0")
    statuses, slowest = visit_everything(article, rater)
    assert_site_answers(statuses)
    assert statuses["stats body"] == ["online", "stale", "today", "total", "week"]
    assert slowest < 2.0


@pytest.mark.skipif(not redis_available(), reason="needs the machine's Redis at 127.0.0.1:6379")
@pytest.mark.parametrize("failure", ["cut", "hang"])
def test_redis_dropping_connections_mid_run_keeps_every_page_up(settings, article, rater, failure):
    relay = Relay()
    try:
        use_redis(settings, relay.url)
        healthy, _ = visit_everything(article, rater)
        assert_site_answers(healthy)
        assert "stale" not in healthy["stats body"]  # figures came from Redis

        getattr(relay, failure)()  # open pooled connections die, new ones fail or hang
        statuses, slowest = visit_everything(article, rater)
        assert_site_answers(statuses)
        assert slowest < 2.0  # one short timeout, then the outage pause answers at once
        assert "stale" in statuses["stats body"]  # last figures this process read
    finally:
        relay.close()
        forget_keys(settings.STATS_REDIS_PREFIX.split(":")[0])


def forget_keys(prefix):
    import redis

    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    for key in client.scan_iter(match=f"{prefix}*", count=1000):
        client.delete(key)
