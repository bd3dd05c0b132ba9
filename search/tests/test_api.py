"""The public search page and JSON API, including hostile input."""

import pytest

pytestmark = pytest.mark.django_db


def test_api_returns_results_with_snippets_facets_and_paging(client, corpus):
    data = client.get("/api/search/", {"q": "thi dua"}).json()
    assert set(data) == {"query", "count", "page", "pages", "results", "facets"}
    assert data["query"] == "thi dua" and data["page"] == 1
    assert data["count"] >= 8 and data["pages"] == -(-data["count"] // 10)
    top = data["results"][0]
    assert set(top) == {"title", "url", "snippet", "published_at", "campaign"}
    assert top["url"].startswith("/phong-trao/")
    assert top["published_at"].endswith("+07:00")
    assert set(data["facets"]) == {"campaign", "year", "tag"}
    assert {item["label"] for item in data["facets"]["campaign"]} <= {
        "Văn phòng Chính phủ chuyên nghiệp",
        "Lào Cai xây dựng nông thôn mới",
    }


def test_snippet_marks_matches_and_keeps_accents(client, corpus):
    data = client.get("/api/search/", {"q": "sang kien tiet kiem"}).json()
    assert "<mark>sáng</mark> <mark>kiến</mark> <mark>tiết</mark> <mark>kiệm</mark>" in data["results"][0]["snippet"]


def test_snippet_escapes_html_in_articles(client, corpus, campaign):
    """Whether the sapo matched (the engine's own marks) or only the title did (the sapo shown
    as a fallback), an article's markup reaches the reader as text, never as HTML."""
    import html

    from search.documents import refresh_all_documents
    from search.engines import get_engine
    from tests.factories import ArticlePageFactory

    ArticlePageFactory(parent=campaign, title="Kiểm thử ký tự đặc biệt", sapo="<script>alert(1)</script> đặc biệt")
    ArticlePageFactory(parent=campaign, title="Tiêu đề Quảng Trị duy nhất", sapo="<img src=x onerror=alert(2)> sapo")
    refresh_all_documents()
    get_engine().rebuild()
    for query, markup in (("dac biet", "<script>alert(1)</script>"), ("quang tri", "<img src=x onerror=alert(2)>")):
        snippet = client.get("/api/search/", {"q": query}).json()["results"][0]["snippet"]
        assert "<script" not in snippet and "<img" not in snippet, query
        assert markup in html.unescape(snippet), query  # shown as text, not dropped


def test_filters_by_campaign_year_and_tag(client, corpus):
    campaign_id = corpus["lao_cai"].campaign_id
    data = client.get("/api/search/", {"q": "thi dua", "campaign": str(campaign_id)}).json()
    assert data["results"] and all(r["campaign"] == "Lào Cai xây dựng nông thôn mới" for r in data["results"])
    by_slug = client.get("/api/search/", {"q": "thi dua", "campaign": "lao-cai"}).json()
    assert by_slug["count"] == data["count"]
    year = client.get("/api/search/", {"q": "thi dua", "year": "2024"}).json()
    assert year["results"] and all(r["published_at"].startswith("2024") for r in year["results"])
    tag = client.get("/api/search/", {"q": "thi dua", "tag": "khoi-thi-dua"}).json()
    assert {r["title"] for r in tag["results"]} == {
        "Khối thi đua số 5 ký kết giao ước năm 2023",
        "Khối thi đua số 3 tổng kết năm",
    }
    # A facet's own counts ignore its own filter, so other choices stay visible.
    assert len(tag["facets"]["tag"]) > 1


def test_sort_newest_and_pagination(client, corpus):
    first = client.get("/api/search/", {"q": "thi dua", "sort": "newest"}).json()
    dates = [r["published_at"] for r in first["results"]]
    assert dates == sorted(dates, reverse=True)
    second = client.get("/api/search/", {"q": "thi dua", "sort": "newest", "page": "2"}).json()
    assert not {r["url"] for r in first["results"]} & {r["url"] for r in second["results"]}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "thi dua", "page": "abc"},
        {"q": "thi dua", "page": "-1"},
        {"q": "thi dua", "page": "0"},
        {"q": "thi dua", "year": "năm nay"},
        {"q": "thi dua", "sort": "random"},
    ],
)
def test_malformed_parameters_get_a_400_with_a_vietnamese_message(client, corpus, params):
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    assert "không hợp lệ" in response.json()["error"] or "chỉ nhận" in response.json()["error"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 5000,
        "thi đua " * 800,
        '"thi dua" AND (lao OR cai) NOT -khen* ~2 ^3 [a TO z] {}',
        "thi\x00dua",
        "'; DROP TABLE news_articlepage; --",
        "<script>alert(1)</script>",
        "😀🎉",
        "%",
    ],
)
def test_hostile_queries_answer_calmly(client, corpus, query):
    api = client.get("/api/search/", {"q": query})
    assert api.status_code == 200
    assert isinstance(api.json()["results"], list)
    page = client.get("/tim-kiem/", {"q": query})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.content.decode()


def test_page_far_beyond_the_results_is_empty_not_an_error(client, corpus):
    data = client.get("/api/search/", {"q": "thi dua", "page": "999"}).json()
    assert data["results"] == [] and data["count"] > 0
    assert client.get("/api/search/", {"q": "thi dua", "page": "999999"}).status_code == 400


def test_unknown_facet_values_give_no_results_not_errors(client, corpus):
    for params in ({"campaign": "khong-co"}, {"campaign": "999999"}, {"tag": "khong-co"}, {"year": "1999"}):
        response = client.get("/api/search/", {"q": "thi dua", **params})
        assert response.status_code == 200 and response.json()["count"] == 0


def test_suggestions_complete_titles_without_accents(client, corpus):
    data = client.get("/api/search/suggest/", {"q": "dang b"}).json()
    assert data["suggestions"][0]["title"] == "Đảng bộ Văn phòng Chính phủ phát động thi đua năm 2024"
    assert client.get("/api/search/suggest/", {"q": "d"}).json()["suggestions"] == []
    assert client.get("/api/search/suggest/", {"q": "\x00" * 10}).status_code == 200


def test_search_page_shows_results_facets_and_is_linked_from_every_page(client, corpus, home):
    page = client.get("/tim-kiem/", {"q": "lao cai"}).content.decode()
    assert "Lào Cai tổng kết xây dựng nông thôn mới" in page
    assert "kết quả cho “lao cai”" in page
    assert 'aria-label="Lọc kết quả"' in page
    assert 'action="/tim-kiem/"' in client.get("/").content.decode()


def test_search_page_with_junk_paging_falls_back_calmly(client, corpus):
    assert client.get("/tim-kiem/", {"q": "thi dua", "page": "abc", "sort": "x", "year": "y"}).status_code == 200


def test_answers_may_be_cached_briefly_by_browsers_and_proxies(client, corpus):
    assert {"public", "max-age=30"} <= set(client.get("/api/search/", {"q": "thi dua"})["Cache-Control"].split(", "))
    assert "max-age=60" in client.get("/api/search/suggest/", {"q": "thi d"})["Cache-Control"]


def test_only_get_is_allowed(client, corpus):
    assert client.post("/api/search/", {"q": "thi dua"}).status_code == 405


def test_nginx_may_keep_an_answer_for_the_same_question_but_never_a_staff_members(client, corpus, django_user_model):
    for url, params in (("/api/search/", {"q": "thi dua"}), ("/tim-kiem/", {"q": "thi dua"})):
        assert client.get(url, params)["X-Accel-Expires"] == "30", url
    client.force_login(django_user_model.objects.create_user("bientap-tim", password="mat-khau-dai-123"))
    page = client.get("/tim-kiem/", {"q": "thi dua"})
    assert page["X-Accel-Expires"] == "0" and "no-store" in page["Cache-Control"]
