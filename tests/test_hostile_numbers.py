"""Numbers from anonymous visitors answer 400 or 404 in Vietnamese, never 500.

Each case below was a 500 before ``core.params``: "²" is a digit to
``str.isdigit()`` that ``int()`` refuses, the beacon's fast path called ``int()``
on the Content-Length header, an id past 64 bits overflowed SQLite, and a
256-character username reached django-axes' 255-character column.
"""

import io
from wsgiref.util import setup_testing_defaults

import pytest
from axes.models import AccessAttempt

from stats.beacon import BeaconFastPath
from stats.models import VisitorDay

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36"


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("page", "²"),
        ("page", "1²"),
        ("page", "99999999999999999999"),
        ("year", "²"),
        ("year", "٢٠٢٣"),
        ("year", "99999999999999999999"),
        ("campaign", "99999999999999999999"),  # digits name an id; a non-digit value is a slug
    ],
)
def test_search_api_refuses_unreadable_numbers_with_a_vietnamese_400(client, home, name, value):
    response = client.get("/api/search/", {"q": "thi đua", name: value})
    assert response.status_code == 400
    assert response.json()["error"].startswith(f"Tham số “{name}” không hợp lệ: cần số nguyên")


def test_search_api_reads_a_non_ascii_campaign_as_an_unknown_slug(client, home):
    response = client.get("/api/search/", {"q": "thi đua", "campaign": "²"})
    assert response.status_code == 200 and response.json()["count"] == 0


@pytest.mark.parametrize("name", ["page", "year", "campaign"])
def test_search_page_falls_back_calmly_on_unreadable_numbers(client, home, name):
    response = client.get("/tim-kiem/", {"q": "thi đua", name: "²"})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["²", "٣", "abc", "0", "99999999999999999999"])
def test_beacon_refuses_a_malformed_page_with_a_vietnamese_400(client, home, value):
    response = client.post("/api/stats/hit/", {"page": value}, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 400
    assert response.json()["error"].startswith("Tham số “page” không hợp lệ")
    assert not VisitorDay.objects.exists()


def fast_path(monkeypatch, *, method="POST", body=b"", content_length=None, query=""):
    """Call the production WSGI wrapper directly, as gunicorn would."""
    monkeypatch.setattr("django.db.close_old_connections", lambda: None)  # keep the test's transaction
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": BeaconFastPath.PATH,
        "QUERY_STRING": query,
        "HTTP_HOST": "testserver",
        "HTTP_USER_AGENT": BROWSER,
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "wsgi.input": io.BytesIO(body),
    }
    if content_length is not None:
        environ["CONTENT_LENGTH"] = content_length
    setup_testing_defaults(environ)
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    inner = BeaconFastPath(lambda env, start: pytest.fail("the fast path must answer itself"))
    seen["body"] = b"".join(inner(environ, start_response))
    return seen


@pytest.mark.parametrize("length", ["abc", "²", "-1", "1" * 30, "1e3"])
def test_fast_path_refuses_a_malformed_content_length_with_400(monkeypatch, home, length):
    answer = fast_path(monkeypatch, body=b"page=1", content_length=length)
    assert answer["status"] == "400 Bad Request"
    assert "Content-Length" in answer["body"].decode()
    assert "không hợp lệ" in answer["body"].decode()


def test_fast_path_refuses_a_malformed_page_and_counts_a_good_one(monkeypatch, home):
    bad = fast_path(monkeypatch, body="page=²".encode(), content_length=str(len("page=²".encode())))
    assert bad["status"] == "400 Bad Request" and "“page”" in bad["body"].decode()
    good = fast_path(monkeypatch, body=b"", content_length="0")
    assert good["status"] == "204 No Content" and VisitorDay.objects.count() == 1


@pytest.mark.parametrize("page_id", ["99999999999999999999", "2147483648", "0"])
def test_ratings_api_answers_404_for_ids_no_page_can_have(client, page_id):
    assert client.get(f"/api/ratings/{page_id}/").status_code == 404


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/dang-nhap/", "Tên đăng nhập hoặc mật khẩu không đúng."),  # the staff page's single alert
        ("/admin/login/", "Tên đăng nhập không được dài quá 150 ký tự."),
    ],
)
def test_an_overlong_username_is_refused_by_the_form_before_any_lookup(client, home, url, message):
    response = client.post(url, {"username": "a" * 256, "password": "sai-mat-khau"})
    assert response.status_code == 200  # the form again, with its error
    assert not AccessAttempt.objects.exists()  # nothing reached authenticate() or django-axes
    assert message in response.content.decode()


@pytest.mark.parametrize("length", ["abc", "²", "-1", "1e3", " "])
@pytest.mark.parametrize("url", ["/api/stats/hit/", "/dang-nhap/"])
def test_django_views_refuse_a_malformed_content_length_with_400(client, home, url, length):
    data = b"page=1"
    response = client.post(
        url,
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH=length,
        **{"wsgi.input": io.BytesIO(data)},
    )
    assert response.status_code == 400
    text = response.json()["error"] if url.startswith("/api/") else response.content.decode()
    assert "Tham số “Content-Length” không hợp lệ" in text
