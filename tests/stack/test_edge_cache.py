"""nginx's page cache and PURGE (deploy/nginx/, rendered by tools.stack) in front of an
upstream that speaks the application's contract (tests/stack/edge.py): what is kept, what
always reaches the application, what a purge removes and who may purge."""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tools.stack import running_nginx

from .edge import RunningDouble, number_in, request, require_nginx

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def double():
    with RunningDouble() as running:
        yield running


@pytest.fixture(scope="module")
def edge(double, tmp_path_factory):
    require_nginx()
    run_dir = tmp_path_factory.mktemp("edge")
    with running_nginx(double.address, run_dir, static_root=run_dir / "static", media_root=run_dir / "media") as nginx:
        yield nginx


@pytest.fixture
def upstream(double):
    double.double.failing = False
    double.double.lifetime = 60
    return double.double


def fresh(prefix="/trang/"):
    return f"{prefix}{uuid.uuid4().hex[:12]}/"


def get(edge, path, **headers):
    return request(edge.url, "GET", path, headers)


def test_an_answer_the_app_marks_cacheable_is_a_miss_then_a_hit_without_reaching_the_app(edge, upstream):
    path = fresh()
    first, second = get(edge, path), get(edge, path)
    assert (first.status, first.cache) == (200, "MISS")
    assert (second.status, second.cache) == (200, "HIT")
    assert number_in(second.text) == number_in(first.text)
    assert upstream.count(path) == 1
    assert "X-Accel-Expires" not in second.headers, "nginx's instruction must not reach readers"


def test_readers_own_cookies_share_one_copy(edge, upstream):
    """The visitor counter's cookie (or analytics') must not split the cache per reader, even
    though Django says Vary: Cookie."""
    path = fresh()
    get(edge, path, Cookie="tdv=aaa")
    again = get(edge, path, Cookie="tdv=bbb; _ga=GA1.1.2")
    assert again.cache == "HIT"
    assert upstream.count(path) == 1


@pytest.mark.parametrize(
    "how",
    ["signed in", "signed in, cookie not first", "query string", "POST"],
)
def test_some_requests_always_reach_the_app(edge, upstream, how):
    path = fresh()
    get(edge, path)  # a stored copy exists for the plain URL
    assert get(edge, path).cache == "HIT"
    for _ in range(2):
        if how == "signed in":
            reply = get(edge, path, Cookie="sessionid=abc123")
        elif how == "signed in, cookie not first":
            reply = get(edge, path, Cookie="csrftoken=x; sessionid=abc123")
        elif how == "query string":
            reply = get(edge, path + "?trang=2")
        else:
            reply = request(edge.url, "POST", path, {"Content-Type": "application/x-www-form-urlencoded"}, b"a=1")
        assert reply.status == 200
        assert reply.cache != "HIT", how
    assert upstream.count(path) == 3, "each of the two requests reached the application"
    assert get(edge, path).cache == "HIT", "the anonymous copy is untouched"


def test_a_session_named_like_sessionid_does_not_count_as_signed_in(edge, upstream):
    path = fresh()
    get(edge, path)
    assert get(edge, path, Cookie="notsessionid=1").cache == "HIT"


@pytest.mark.parametrize("prefix", ["/rieng/", "/cookie/"])
def test_private_answers_and_answers_setting_a_cookie_are_never_kept(edge, upstream, prefix):
    path = fresh(prefix)
    replies = [get(edge, path) for _ in range(3)]
    assert [r.cache for r in replies] == ["MISS"] * 3
    assert upstream.count(path) == 3


def test_html_is_compressed(edge, upstream):
    reply = get(edge, fresh(), **{"Accept-Encoding": "gzip"})
    assert reply.headers.get("Content-Encoding") == "gzip"
    assert reply.body[:2] == b"\x1f\x8b"


def test_a_copy_stored_for_a_gzip_reader_suits_a_reader_without_gzip(edge, upstream):
    """The application is always asked for an uncompressed answer (Vary is ignored, so the
    stored copy must suit everyone); nginx compresses per reader."""
    path = fresh()
    assert get(edge, path, **{"Accept-Encoding": "gzip"}).headers.get("Content-Encoding") == "gzip"
    plain = get(edge, path, **{"Accept-Encoding": "identity"})
    assert plain.cache == "HIT"
    assert "Content-Encoding" not in plain.headers
    assert "<p id=n>" in plain.text
    asked = [seen.headers.get("Accept-Encoding", "") for seen in upstream.seen if seen.path == path]
    assert len(asked) == 1
    assert "gzip" not in asked[0]


def test_purge_from_loopback_removes_the_entry_the_next_get_is_a_miss(edge, upstream):
    path = fresh()
    get(edge, path)
    assert get(edge, path).cache == "HIT"
    purge = request(edge.url, "PURGE", path, {"Host": "127.0.0.1:8080"})
    assert purge.status == 200
    after = get(edge, path)
    assert after.cache == "MISS"
    assert upstream.count(path) == 2


def test_wagtails_own_purger_hits_the_key_of_the_get(edge, upstream):
    """wagtail.contrib.frontend_cache's HTTPBackend, as the application configures it
    (FRONTEND_CACHE_URL = the loopback server), purging the page's public URL."""
    from wagtail.contrib.frontend_cache.backends import HTTPBackend

    path = fresh()
    get(edge, path)
    assert get(edge, path).cache == "HIT"
    HTTPBackend({"LOCATION": edge.url}).purge(f"https://127.0.0.1{path}")
    assert get(edge, path).cache == "MISS"


def test_purging_another_host_leaves_this_hosts_copy(edge, upstream):
    path = fresh()
    get(edge, path)
    assert request(edge.url, "PURGE", path, {"Host": "localhost"}).status == 404, "nothing held for that key"
    assert get(edge, path).cache == "HIT"


def test_simultaneous_misses_reach_the_app_once(edge, upstream):
    """proxy_cache_lock: a page published on the home page and requested by 12 readers at once
    is built once."""
    path = fresh("/cham/")
    with ThreadPoolExecutor(max_workers=12) as pool:
        replies = list(pool.map(lambda _: get(edge, path), range(12)))
    assert {r.status for r in replies} == {200}
    assert upstream.count(path) == 1


def test_a_stale_copy_is_served_while_the_app_fails(edge, upstream):
    upstream.lifetime = 1
    path = fresh()
    first = get(edge, path)
    time.sleep(2.2)  # nginx counts lifetimes in whole seconds
    upstream.failing = True
    reply = get(edge, path)
    assert (reply.status, reply.cache) == (200, "STALE")
    assert number_in(reply.text) == number_in(first.text)


def test_purge_from_an_address_not_on_the_allow_list_is_refused(double, tmp_path):
    """The allow-list comes from the template (PURGE_FROM); here it names another address, so a
    PURGE from 127.0.0.1 is what a stranger's would be."""
    require_nginx()
    double.double.failing = False
    with running_nginx(
        double.address,
        tmp_path,
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
        purge_from="10.255.255.1",
    ) as nginx:
        path = fresh()
        get(nginx, path)
        assert get(nginx, path).cache == "HIT"
        refused = request(nginx.url, "PURGE", path, {"Host": "127.0.0.1"})
        assert refused.status == 403
        assert get(nginx, path).cache == "HIT"


def test_only_addresses_listed_as_exempt_escape_the_beacon_and_search_limits(double, upstream, tmp_path):
    """`make bench` lists its load generator (one address standing for many readers); the
    deployed site lists nobody, so the same burst from loopback is refused there."""

    def burst(nginx, path):
        with ThreadPoolExecutor(max_workers=10) as pool:
            return [reply.status for reply in pool.map(lambda _: get(nginx, path), range(60))]

    common = {"static_root": tmp_path / "static", "media_root": tmp_path / "media"}
    with running_nginx(double.address, tmp_path / "exempt", limit_exempt="127.0.0.1", **common) as nginx:
        assert set(burst(nginx, "/tim-kiem/?q=thi+dua")) == {200}
    with running_nginx(double.address, tmp_path / "listed-nobody", **common) as nginx:
        assert burst(nginx, "/tim-kiem/?q=thi+dua").count(429) >= 30
