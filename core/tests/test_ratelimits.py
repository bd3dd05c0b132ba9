"""Per-address limits on search, suggestions, captcha refresh and login POSTs (core.ratelimits).

Limits are lowered here so a test sends a handful of requests; the defaults are in
thidua_site/settings/base.py (RATE_LIMITS) and the README. Counters are in the
"ratelimit" cache: database rows in tests, Redis in production.
"""

import json

import pytest
from captcha.models import CaptchaStore
from django.test import Client, override_settings

LOW = {"search": "3/m", "suggest": "3/m", "captcha": "2/m", "login": "3/m"}
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def from_address(address, **headers):
    return Client(REMOTE_ADDR=address, **headers)


def assert_refused_in_vietnamese(response, words):
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "no-store" in response["Cache-Control"]  # no cache (nginx included) keeps a refusal
    assert words in response.content.decode()


@pytest.fixture(autouse=True)
def _low_limits_in_one_window(settings, monkeypatch):
    """Low limits, and the limiter's clock held still: its windows are fixed (a minute here), and a
    test that straddled a boundary would start counting again half-way."""
    import time
    import types

    settings.RATE_LIMITS = LOW
    frozen = time.time()
    monkeypatch.setattr("django_ratelimit.core.time", types.SimpleNamespace(time=lambda: frozen))


@pytest.mark.parametrize("path", ["/tim-kiem/?q=thi+đua", "/api/search/?q=thi+đua"])
def test_searching_over_the_limit_gets_429_in_vietnamese_and_other_readers_still_search(db, home, path):
    reader = from_address("203.0.113.5")
    assert [reader.get(path).status_code for _ in range(3)] == [200, 200, 200]
    refused = reader.get(path)
    assert_refused_in_vietnamese(refused, "Bạn tìm kiếm quá nhiều lần trong thời gian ngắn")
    if path.startswith("/api/"):
        assert refused["Content-Type"] == "application/json"
        assert json.loads(refused.content)["error"].startswith("Bạn tìm kiếm quá nhiều lần")
    else:
        assert refused["Content-Type"].startswith("text/html") and '<html lang="vi">' in refused.content.decode()
    assert from_address("203.0.113.6").get(path).status_code == 200


def test_the_search_page_and_the_api_share_one_allowance(db, home):
    reader = from_address("203.0.113.7")
    reader.get("/tim-kiem/?q=a")
    reader.get("/api/search/?q=a")
    reader.get("/tim-kiem/?q=b")
    assert reader.get("/api/search/?q=b").status_code == 429


def test_suggestions_have_their_own_limit(db, home):
    reader = from_address("203.0.113.8")
    assert [reader.get("/api/search/suggest/?q=thi").status_code for _ in range(3)] == [200] * 3
    refused = reader.get("/api/search/suggest/?q=thi")
    assert_refused_in_vietnamese(refused, "Quá nhiều yêu cầu gợi ý tìm kiếm")
    assert reader.get("/tim-kiem/?q=thi").status_code == 200  # searching itself is not used up


def test_captcha_refresh_over_the_limit_gets_429_json_and_creates_no_row(db):
    script = from_address("198.51.100.9", **AJAX)
    for _ in range(2):
        answer = script.get("/captcha/refresh/")
        assert answer.status_code == 200 and answer.json()["key"]
    rows = CaptchaStore.objects.count()
    for _ in range(50):
        refused = script.get("/captcha/refresh/")
    assert_refused_in_vietnamese(refused, "Bạn đã đổi mã xác nhận quá nhiều lần")
    assert refused.json() == {"error": "Bạn đã đổi mã xác nhận quá nhiều lần. Xin chờ một lát rồi thử lại."}
    assert CaptchaStore.objects.count() == rows
    assert from_address("198.51.100.10", **AJAX).get("/captcha/refresh/").status_code == 200


@pytest.mark.parametrize("path", ["/dang-nhap/", "/admin/login/"])
def test_login_posts_over_the_limit_get_429_while_the_form_still_shows(db, path):
    guesser = from_address("198.51.100.11")
    for number in range(3):
        answer = guesser.post(path, {"username": f"nguoi-{number}", "password": "sai"})
        assert answer.status_code == 200  # the form again, with its own error
    refused = guesser.post(path, {"username": "nguoi-4", "password": "sai"})
    assert_refused_in_vietnamese(refused, "Có quá nhiều lần đăng nhập từ địa chỉ của bạn")
    assert guesser.get(path).status_code == 200


def test_a_colleague_at_another_address_logs_in_normally(db, make_user):
    make_user("bientap2", group="Biên tập viên", password="dung-mat-khau-1")
    guesser = from_address("198.51.100.12")
    for number in range(4):
        guesser.post("/dang-nhap/", {"username": f"x{number}", "password": "sai"})
    colleague = from_address("198.51.100.13")
    answer = colleague.post("/dang-nhap/", {"username": "bientap2", "password": "dung-mat-khau-1"})
    assert answer.status_code == 302


def test_site_and_admin_login_share_one_allowance_per_address(db):
    guesser = from_address("198.51.100.14")
    guesser.post("/dang-nhap/", {"username": "a", "password": "sai"})
    guesser.post("/admin/login/", {"username": "b", "password": "sai"})
    guesser.post("/dang-nhap/", {"username": "c", "password": "sai"})
    assert guesser.post("/admin/login/", {"username": "d", "password": "sai"}).status_code == 429


@override_settings(AXES_IPWARE_PROXY_COUNT=1)
def test_behind_the_proxy_each_reader_has_their_own_allowance(db, home):
    """Every request comes from the proxy's address; the reader is the address the proxy appended."""
    noisy = from_address("10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.40")
    for _ in range(3):
        noisy.get("/api/search/?q=a")
    assert noisy.get("/api/search/?q=a").status_code == 429
    forged = from_address("10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.40")
    assert forged.get("/api/search/?q=a").status_code == 429  # a forged left entry changes nothing
    quiet = from_address("10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.41")
    assert quiet.get("/api/search/?q=a").status_code == 200


def test_an_unreachable_counter_store_does_not_take_search_down(db, home, monkeypatch):
    from core.cache_backends import DatabaseCounterCache

    monkeypatch.setattr(DatabaseCounterCache, "add", lambda *args, **kwargs: False)
    monkeypatch.setattr(DatabaseCounterCache, "incr", lambda *args, **kwargs: None)
    reader = from_address("203.0.113.50")
    assert [reader.get("/api/search/?q=a").status_code for _ in range(6)] == [200] * 6


def test_defaults_are_generous_for_people():
    """What the README promises (the environment may change them: RATE_LIMIT_SEARCH etc.)."""
    from thidua_site.settings import base

    assert base.RATE_LIMITS == {
        "search": "60/m",
        "suggest": "120/m",
        "captcha": "20/m",
        "login": "30/5m",
        "consultation": "5/10m",
    }
