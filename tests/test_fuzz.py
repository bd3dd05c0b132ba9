"""Hostile input to every public URL and parameter: no answer is ever a 5xx.

A bounded sweep (every URL × every hostile value, wrong methods, wrong content
types, odd Content-Length) plus a Hypothesis run with generated text, through
Django's test client with ``raise_request_exception=False`` (a crash becomes the
500 a visitor would get) and through ``BeaconFastPath`` called as a WSGI app.
The number of requests is printed (``-s``) and written to
``<pytest basetemp>/fuzz-requests.txt`` for the release note.
"""

import io
from collections import Counter
from urllib.parse import quote
from wsgiref.util import setup_testing_defaults

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction

from stats.beacon import BeaconFastPath
from tests.factories import ArticlePageFactory

# About a minute on the shared 2-core machine (some 1,900 requests, most rendering a page).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36"

# Values as they would arrive percent-encoded in a URL (raw: sent exactly as written).
HOSTILE = [
    "²",
    "٣",
    "５",
    "١٢",
    "-1",
    "0",
    "-99999999999999999999",
    "99999999999999999999",
    "9" * 5000,
    "1e3",
    "1_000",
    "+5",
    " 7 ",
    "NaN",
    "\x00",
    "a\x00b",
    "a" * 10_000,
    "đ" * 2_000,
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "",
    "\u202e\u200b",
    "😀",
]
RAW = ["%zz", "%ff", "%", "%c3%28", "%ed%a0%80", "%00", "a%2F..%2Fb"]
NUMBER_PARAMS = {
    "/": ["trang"],
    "campaign": ["trang"],
    "/chu-de/thi-dua/": ["trang"],
    "/luu-tru/": ["trang"],
    "/tim-kiem/": ["q", "page", "year", "campaign", "tag", "sort"],
    "/api/search/": ["q", "page", "year", "campaign", "tag", "sort"],
    "/api/search/suggest/": ["q"],
    "/sitemap-bai-viet.xml": ["p"],
    "/api/stats/": ["x"],
}
WRONG_METHODS = ["put", "delete", "patch"]


class Tally:
    def __init__(self):
        self.requests = 0
        self.statuses = Counter()
        self.failures = []

    def record(self, label, status):
        self.requests += 1
        self.statuses[status // 100] += 1
        if status >= 500:
            self.failures.append((status, label))


@pytest.fixture(scope="module")
def tally(tmp_path_factory):
    counted = Tally()
    yield counted
    note = (
        f"{counted.requests} requests, {len(counted.failures)} × 5xx "
        f"(by class: {dict(sorted(counted.statuses.items()))})"
    )
    print(f"\nfuzz: {note}")
    (tmp_path_factory.getbasetemp() / "fuzz-requests.txt").write_text(note + "\n", encoding="utf-8")


@pytest.fixture
def site(home, campaign):
    article = ArticlePageFactory(parent=campaign, title="Bài thử nghiệm đầu vào", tags=["thi đua"])
    private = ArticlePageFactory(parent=campaign, title="Bài nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return {"campaign": campaign, "article": article, "private": private}


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False, HTTP_USER_AGENT=BROWSER)


def send(tally, client, method, url, **kwargs):
    response = getattr(client, method)(url, **kwargs)
    tally.record(f"{method.upper()} {url[:200]} {str(kwargs)[:200]}", response.status_code)
    return response


def fast_path(tally, monkeypatch, *, method="POST", body=b"", content_length=None, query="", content_type=None):
    monkeypatch.setattr("django.db.close_old_connections", lambda: None)  # keep the test's transaction
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": BeaconFastPath.PATH,
        "QUERY_STRING": query,
        "HTTP_HOST": "testserver",
        "HTTP_USER_AGENT": BROWSER,
        "wsgi.input": io.BytesIO(body),
    }
    if content_length is not None:
        environ["CONTENT_LENGTH"] = content_length
    if content_type is not None:
        environ["CONTENT_TYPE"] = content_type
    setup_testing_defaults(environ)
    seen = {}

    def start_response(status, headers):
        seen["status"] = int(status.split()[0])

    def django_app(env, start):  # other methods go on to Django: stand in with a 405
        start("405 Method Not Allowed", [("Content-Length", "0")])
        return [b""]

    b"".join(BeaconFastPath(django_app)(environ, start_response))
    tally.record(f"fast path {method} len={content_length!r} body={body[:80]!r} query={query[:80]!r}", seen["status"])


def page_urls(site):
    article = site["article"].url
    return {
        "/": "/",
        "campaign": site["campaign"].url,
        "article": article,
        "print": article + "ban-in/",
        "/chu-de/thi-dua/": "/chu-de/thi-dua/",
        "/luu-tru/": "/luu-tru/",
        "/rss/": "/rss/",
        "campaign feed": site["campaign"].url + "rss/",
        "tag feed": "/chu-de/thi-dua/rss/",
        "/sitemap.xml": "/sitemap.xml",
        "/sitemap-bai-viet.xml": "/sitemap-bai-viet.xml",
        "/tim-kiem/": "/tim-kiem/",
        "/api/search/": "/api/search/",
        "/api/search/suggest/": "/api/search/suggest/",
        "/api/stats/": "/api/stats/",
        "ratings": f"/api/ratings/{site['article'].pk}/",
        "private ratings": f"/api/ratings/{site['private'].pk}/",
        "/dang-nhap/": "/dang-nhap/",
        "/captcha/refresh/": "/captcha/refresh/",
    }


def path_segments(value):
    """URLs whose path itself carries the hostile value."""
    part = quote(value, safe="")[:3000]
    return [
        f"/chu-de/{part}/",
        f"/chu-de/{part}/rss/",
        f"/luu-tru/{part}/",
        f"/luu-tru/2024/{part}/",
        f"/api/ratings/{part}/",
        f"/sitemap-{part}.xml",
        f"/phong-trao/{part}/",
        f"/captcha/image/{part}/",
    ]


def test_sweep_of_hostile_values_methods_and_bodies_never_answers_5xx(site, visitor, tally, monkeypatch):
    urls = page_urls(site)
    for value in HOSTILE:
        encoded = quote(value, safe="")
        for key, url in urls.items():
            for name in NUMBER_PARAMS.get(key, ["page", "trang"]):
                send(tally, visitor, "get", f"{url}?{name}={encoded}")
        for url in path_segments(value):
            send(tally, visitor, "get", url)
        # the beacon, through Django and through the fast path, page in the form and the query
        send(tally, visitor, "post", "/api/stats/hit/", data={"page": value})
        send(tally, visitor, "post", f"/api/stats/hit/?page={encoded}")
        form = f"page={encoded}".encode()
        fast_path(
            tally,
            monkeypatch,
            body=form,
            content_length=str(len(form)),
            content_type="application/x-www-form-urlencoded",
        )
        fast_path(tally, monkeypatch, query=f"page={encoded}", content_length="0")
        # ratings and login forms
        send(tally, visitor, "post", urls["ratings"], data={"score": value, "captcha_0": value, "captcha_1": value})
        send(tally, visitor, "post", "/dang-nhap/", data={"username": value, "password": value})
        send(tally, visitor, "post", "/admin/login/", data={"username": value, "password": value})
    for raw in RAW:
        for key, url in urls.items():
            for name in NUMBER_PARAMS.get(key, ["page"]):
                send(tally, visitor, "get", f"{url}?{name}={raw}&q={raw}")
        send(tally, visitor, "get", f"/chu-de/{raw}/")
        send(tally, visitor, "get", f"/luu-tru/{raw}/")
        send(tally, visitor, "get", f"/api/ratings/{raw}/")
        send(tally, visitor, "post", f"/api/stats/hit/?page={raw}")
        fast_path(tally, monkeypatch, body=f"page={raw}".encode(), content_length=str(len(raw) + 5))
        fast_path(tally, monkeypatch, query=f"page={raw}")
    for url in list(urls.values()) + ["/api/stats/hit/", "/admin/login/"]:
        for method in WRONG_METHODS:
            send(tally, visitor, method, url, data="page=1", content_type="application/x-www-form-urlencoded")
        send(tally, visitor, "options", url)
        send(tally, visitor, "head", url)
    bodies = {
        "application/json": b'{"page": "\xc2\xb2", "score": [1]}',
        "multipart/form-data; boundary=xyz": b'--xyz\r\nContent-Disposition: form-data; name="page"\r\n\r\n',
        "multipart/form-data": b"garbage",
        "text/plain": b"page=1",
        "application/x-www-form-urlencoded": b"page=%ff&page=%zz&\xff\xfe",
        "application/x-www-form-urlencoded; charset=klingon": b"page=1",
    }
    post_urls = ["/api/stats/hit/", urls["ratings"], "/dang-nhap/", "/admin/login/", "/api/search/", "/"]
    for content_type, data in bodies.items():
        for url in post_urls:  # the body goes in as bytes: the test client would refuse to encode some
            send(
                tally,
                visitor,
                "post",
                url,
                CONTENT_TYPE=content_type,
                CONTENT_LENGTH=str(len(data)),
                **{"wsgi.input": io.BytesIO(data)},
            )
        fast_path(tally, monkeypatch, body=data, content_length=str(len(data)), content_type=content_type)
    for length in ["abc", "-1", "99999999999999999999999", "²", "1e3", " ", "0x10", str(10**12), "5"]:
        fast_path(tally, monkeypatch, body=b"page=1", content_length=length)
        data = b"page=1"
        send(
            tally,
            visitor,
            "post",
            "/api/stats/hit/",
            data=data,
            content_type="application/x-www-form-urlencoded",
            CONTENT_LENGTH=length,
            **{"wsgi.input": io.BytesIO(data)},
        )
    for method in ("GET", "PUT", "DELETE", "PATCH"):
        fast_path(tally, monkeypatch, method=method, body=b"page=1", content_length="6")
    assert tally.failures == []


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    value=st.one_of(
        st.sampled_from(HOSTILE),
        st.text(max_size=200),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=25),
    ),
    target=st.sampled_from(
        ["/api/search/", "/tim-kiem/", "/api/search/suggest/", "/", "/luu-tru/", "/chu-de/thi-dua/", "/rss/"]
    ),
    name=st.sampled_from(["page", "year", "campaign", "tag", "sort", "q", "trang", "p"]),
)
def test_generated_values_never_answer_5xx(site, visitor, tally, monkeypatch, value, target, name):
    before = len(tally.failures)
    send(tally, visitor, "get", target, data={name: value})
    send(tally, visitor, "get", f"/api/ratings/{quote(value, safe='')}/")
    send(tally, visitor, "post", "/api/stats/hit/", data={"page": value})
    body = f"page={quote(value, safe='')}".encode()
    fast_path(tally, monkeypatch, body=body, content_length=value if value.isascii() else str(len(body)))
    assert len(tally.failures) == before, tally.failures[before:]
