"""A client that mints visitors is not counted: one address gets at most STATS_NEW_VISITORS_PER_IP new visitors.

Measured before the cap: one client added 10,000 "visitors" to Hôm nay and Tất cả in 10 s,
by posting beacons without a cookie (the server minted one each time) or with made-up ones.
"""

import io
import secrets
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from stats.beacon import BeaconFastPath
from stats.visitors import COOKIE_NAME, is_issued, new_cookie_value

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36"
CAP = 60  # the default "60/10m" (thidua_site/settings/base.py)


def beacon(monkeypatch, address, cookie=None, forwarded=None):
    """One hit through the production WSGI path, as gunicorn calls it; returns (status, Set-Cookie)."""
    monkeypatch.setattr("django.db.close_old_connections", lambda: None)  # keep the test's transaction
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": BeaconFastPath.PATH,
        "HTTP_HOST": "testserver",
        "HTTP_USER_AGENT": BROWSER,
        "REMOTE_ADDR": address,
        "CONTENT_LENGTH": "0",
        "wsgi.input": io.BytesIO(b""),
    }
    if cookie:
        environ["HTTP_COOKIE"] = f"{COOKIE_NAME}={cookie}"
    if forwarded:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded
    setup_testing_defaults(environ)
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, headers

    b"".join(BeaconFastPath(lambda env, start: pytest.fail("the fast path answers itself"))(environ, start_response))
    cookies = [value for name, value in seen["headers"] if name == "Set-Cookie"]
    return seen["status"], cookies[0].split(";")[0].split("=", 1)[1] if cookies else None


def today_and_total(store):
    counts = store.counts(timezone.now())
    return counts["today"], counts["total"]


@pytest.fixture
def one_window(monkeypatch, settings):
    """The measured attack took 10 s, well inside one 10-minute window: keep the limiter's clock
    still (windows are fixed: a burst that straddles a boundary gets one cap on each side), and
    count in process memory so 10,000 hits take seconds (production counts in Redis, tests
    elsewhere in the database: the counting rule is django-ratelimit's either way)."""
    import time
    import types

    frozen = time.time()
    monkeypatch.setattr("django_ratelimit.core.time", types.SimpleNamespace(time=lambda: frozen))
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "minting"},
    }
    caches["ratelimit"].clear()  # process memory outlives the test
    yield
    caches["ratelimit"].clear()


def test_ten_thousand_visitors_minted_by_one_client_add_at_most_the_cap(monkeypatch, use_store, one_window):
    statuses = set()
    for _ in range(10_000):
        status, _ = beacon(monkeypatch, "198.51.100.7")
        statuses.add(status)
    assert statuses == {"204 No Content"}  # acknowledged every time: nothing for the script to adapt to
    assert today_and_total(use_store) == (CAP, CAP)


def test_made_up_cookies_are_not_visitors_the_server_mints_instead_within_the_cap(monkeypatch, use_store):
    for _ in range(300):
        status, issued = beacon(monkeypatch, "198.51.100.8", cookie=secrets.token_urlsafe(30))
        assert status == "204 No Content"
    assert today_and_total(use_store) == (CAP, CAP)


def test_visitors_who_have_a_cookie_keep_being_counted_exactly_after_the_cap(monkeypatch, use_store):
    """An office behind one address: the first CAP readers get cookies and are counted on every return."""
    readers = [beacon(monkeypatch, "192.0.2.10")[1] for _ in range(CAP)]
    assert all(is_issued(cookie) for cookie in readers)
    latecomer_status, latecomer_cookie = beacon(monkeypatch, "192.0.2.10")
    assert latecomer_status == "204 No Content" and latecomer_cookie is None  # not counted, no cookie
    for cookie in readers:
        assert beacon(monkeypatch, "192.0.2.10", cookie=cookie) == ("204 No Content", None)
    assert today_and_total(use_store) == (CAP, CAP)
    assert use_store.counts(timezone.now())["online"] == CAP


def test_the_cap_is_per_address_behind_the_proxy(monkeypatch, use_store):
    with override_settings(AXES_IPWARE_PROXY_COUNT=1):
        for _ in range(CAP + 5):
            beacon(monkeypatch, "10.0.0.1", forwarded="198.51.100.20")  # the proxy is 10.0.0.1
        status, cookie = beacon(monkeypatch, "10.0.0.1", forwarded="198.51.100.21")
    assert status == "204 No Content" and is_issued(cookie)
    assert today_and_total(use_store) == (CAP + 1, CAP + 1)


def test_only_cookies_signed_with_this_sites_secret_are_accepted(settings):
    assert is_issued(new_cookie_value())
    assert not is_issued(new_cookie_value("a-different-secret"))
    genuine = new_cookie_value()
    tampered = genuine[:-1] + ("A" if genuine[-1] != "A" else "B")
    assert not is_issued(tampered)


def test_the_django_view_applies_the_same_cap(client, use_store):
    statuses = []
    with override_settings(STATS_NEW_VISITORS_PER_IP="3/10m"):
        for _ in range(10):
            client.cookies.clear()  # a script that throws its cookie away every time
            statuses.append(
                client.post("/api/stats/hit/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.30").status_code
            )
    assert statuses == [204] * 10
    assert today_and_total(use_store) == (3, 3)
