"""The Elasticsearch engine.

Offline (always): what an outage does to publishing, draining and searching, with the real
client against a port nobody listens on or a server that never answers; how a response is
turned into results (a hand-written body in the shape Elasticsearch 8 returns, handled by
the client's own response classes); that building the engine contacts nothing; that a
second rebuild is refused. None of these stands in for the engine's search behaviour.

Live (when ELASTICSEARCH_URL is set): the ranking table, the API and suggestions run on
Elasticsearch through the engine-parametrised suites (``conftest.engine``); here, rebuilds
under searches, the legacy concrete index, and an outage followed by recovery through a
TCP relay the test cuts and restores. Each session works under an alias of its own.
"""

import contextlib
import html
import socket
import threading
import time
import uuid
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from search.documents import refresh_all_documents
from search.engines import get_engine
from search.engines.base import SearchUnavailable, parse_request
from search.engines.elastic import ArticleDocument, ElasticsearchEngine, build_search
from search.models import SearchDocument, SearchOutbox
from tests.factories import ArticlePageFactory, CampaignPageFactory
from tests.servers import free_port
from tests.stack.relay import TcpRelay

from .conftest import ELASTICSEARCH_URL, first, live_elasticsearch

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def unreachable_cluster(kind):
    """An address where Elasticsearch is down: nobody listening ("refused"), or a server that
    accepts connections and never answers ("silent", as a hung node or a dropped route looks)."""
    if kind == "refused":
        yield f"http://127.0.0.1:{free_port()}"
        return
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)  # the kernel completes handshakes; nothing ever reads or replies
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def use_cluster(settings, url, timeout=1.0, alias=None):
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_TIMEOUT = timeout
    if alias:
        settings.ELASTICSEARCH_INDEX = alias
    get_engine.cache_clear()
    return get_engine()


def wait_for_background_drains(seconds=30):
    """Outbox drains run in daemon threads after commit (Elasticsearch only); let them finish."""
    for thread in threading.enumerate():
        if thread.name == "search-outbox":
            thread.join(seconds)


def committed(action, *args, **kwargs):
    """Run ``action`` in one transaction, as a request would, then let its drains finish.

    Wagtail writes a publish in several autocommitted statements; the in-memory SQLite test
    database refuses a second connection (the drain thread's) while one of them writes
    ("database table is locked"), where PostgreSQL or a SQLite file would simply wait.
    """
    with transaction.atomic():
        result = action(*args, **kwargs)
    return result


def pending_rows(page):
    return list(SearchOutbox.objects.filter(page_id=page.pk, processed_at__isnull=True))


# --- offline ---------------------------------------------------------------------------------
def test_the_engine_is_built_without_contacting_the_cluster(settings):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.setblocking(False)
        engine = use_cluster(settings, f"http://127.0.0.1:{listener.getsockname()[1]}")
        assert isinstance(engine, ElasticsearchEngine)
        with pytest.raises(BlockingIOError):
            listener.accept()  # no connection was made
        with pytest.raises(SearchUnavailable):  # the listener never answers
            engine.suggest("dang b")
        listener.setblocking(True)
        listener.settimeout(1)
        listener.accept()[0].close()  # the first request is what connects


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("outage", ["refused", "silent"])
def test_publishing_during_an_outage_succeeds_and_the_change_waits_in_the_outbox(settings, campaign_index, outage):
    timeout = 3.0
    with unreachable_cluster(outage) as url:
        use_cluster(settings, url, timeout=timeout)
        campaign = committed(CampaignPageFactory, parent=campaign_index, title="Phong trào Hà Tĩnh", slug="ha-tinh")
        article = committed(ArticlePageFactory, parent=campaign, title="Hà Tĩnh khen thưởng đột xuất", live=False)
        wait_for_background_drains()

        started = time.monotonic()
        committed(lambda: article.save_revision().publish())  # the drain it triggers runs in a thread
        publishing = time.monotonic() - started
        assert publishing < timeout, f"publishing waited {publishing:.1f}s for the cluster"
        wait_for_background_drains()

        article.refresh_from_db()
        assert article.live
        assert SearchDocument.objects.filter(page_id=article.pk).exists()  # the table is current
        rows = pending_rows(article)
        assert rows and all(row.attempts >= 1 and row.last_error for row in rows)
        attempts = {row.pk: row.attempts for row in rows}

        out = StringIO()
        started = time.monotonic()
        with pytest.raises(CommandError, match="Còn thay đổi chưa đẩy được"):
            call_command("search_index", "drain", "--retry-now", stdout=out)
        assert time.monotonic() - started < timeout * 2 + 2  # short timeouts, no retries on this path
        assert "Lỗi:" in out.getvalue()
        rows = pending_rows(article)
        assert {row.pk: row.attempts for row in rows} == {pk: n + 1 for pk, n in attempts.items()}
        assert all(row.next_attempt_at > timezone.now() for row in rows)

        call_command("search_index", "drain", stdout=StringIO())  # backing off: nothing is due, no error
        assert {row.pk: row.attempts for row in pending_rows(article)} == {pk: n + 1 for pk, n in attempts.items()}


@pytest.mark.parametrize("outage", ["refused", "silent"])
def test_searching_during_an_outage_answers_503_in_vietnamese(settings, client, outage):
    with unreachable_cluster(outage) as url:
        use_cluster(settings, url, timeout=1.0)
        started = time.monotonic()
        api = client.get("/api/search/", {"q": "thi dua"})
        assert api.status_code == 503 and "Tìm kiếm đang tạm gián đoạn" in api.json()["error"]
        assert "no-store" in api["Cache-Control"] and "public" not in api["Cache-Control"]  # not kept by proxies
        assert client.get("/api/search/suggest/", {"q": "thi d"}).status_code == 503
        page = client.get("/tim-kiem/", {"q": "thi dua"})
        assert page.status_code == 503 and "Tìm kiếm đang tạm gián đoạn" in page.content.decode()
        assert time.monotonic() - started < 10


def test_a_second_rebuild_is_refused_before_touching_the_cluster(settings):
    with unreachable_cluster("refused") as url:
        engine = use_cluster(settings, url)
        holding, release = threading.Event(), threading.Event()

        def first_rebuild():
            try:
                with engine.rebuild_lock():
                    holding.set()
                    release.wait(10)
            finally:
                connection.close()

        thread = threading.Thread(target=first_rebuild)
        thread.start()
        try:
            assert holding.wait(5)
            with pytest.raises(CommandError, match="đang chạy"):
                call_command("search_index", "rebuild", "--index-only", "--no-progress")
        finally:
            release.set()
            thread.join()
        # Once free, the rebuild goes ahead, and reports the dead cluster in Vietnamese.
        with pytest.raises(CommandError, match="Elasticsearch không lập được chỉ mục"):
            call_command("search_index", "rebuild", "--index-only", "--no-progress")


def _canned_response(engine, request, hits, aggregations):
    """What ``Search.execute`` makes of a response body, without a cluster."""
    search = build_search(request, index=engine.alias)
    body = {
        "took": 4,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {"total": {"value": len(hits), "relation": "eq"}, "max_score": None, "hits": hits},
        "aggregations": aggregations,
    }
    return search._response_class(search, body)


def test_results_are_hydrated_from_the_documents_and_snippets_are_always_escaped(settings, campaign):
    engine = use_cluster(settings, f"http://127.0.0.1:{free_port()}")
    title_only = ArticlePageFactory(
        parent=campaign, title="Quảng Trị tuyên dương", sapo='<script>alert("x")</script> Toàn tỉnh & các xã.'
    )
    sapo_match = ArticlePageFactory(parent=campaign, title="Hội nghị", sapo="<b>Toàn</b> Quảng Trị thi đua.")
    refresh_all_documents()
    index = f"{engine.alias}-20250101000000-abcdef"
    hits = [
        {"_index": index, "_id": str(title_only.pk), "_score": 12.5, "sort": [12.5, 1735689600000]},
        {
            "_index": index,
            "_id": str(sapo_match.pk),
            "_score": 8.0,
            "sort": [8.0, 1735689600000],
            # As the html encoder returns a fragment: the text escaped, only our marks as tags.
            "highlight": {"sapo": ["&lt;b&gt;Toàn&lt;&#x2F;b&gt; <mark>Quảng</mark> <mark>Trị</mark> thi đua."]},
        },
        {"_index": index, "_id": "987654321", "_score": 5.0, "sort": [5.0, 1735689600000]},  # unpublished since
    ]
    aggregations = {
        "campaign": {
            "doc_count": 3,
            "values": {"buckets": [{"key": f"{campaign.pk}\tThi đua chuyển đổi số", "doc_count": 2}]},
        },
        "year": {"doc_count": 3, "values": {"buckets": [{"key": 2025, "doc_count": 2}, {"key": 2024, "doc_count": 1}]}},
        "tag": {"doc_count": 3, "values": {"buckets": [{"key": "khoi-thi-dua\tkhối thi đua", "doc_count": 1}]}},
    }
    request = parse_request({"q": "quang tri"})
    results = engine.results(request, _canned_response(engine, request, hits, aggregations))

    assert [hit.page_id for hit in results.hits] == [title_only.pk, sapo_match.pk]
    fallback, fragment = (hit.snippet for hit in results.hits)
    assert "<script" not in fallback and '<script>alert("x")</script> Toàn tỉnh & các xã.' in html.unescape(fallback)
    assert fragment.count("<mark>") == 2 and "<b>" not in fragment
    assert results.hits[0].title == "Quảng Trị tuyên dương" and results.hits[0].url == title_only.url
    assert results.facets == {
        "campaign": [{"value": str(campaign.pk), "label": "Thi đua chuyển đổi số", "count": 2}],
        "year": [{"value": "2025", "label": "2025", "count": 2}, {"value": "2024", "label": "2024", "count": 1}],
        "tag": [{"value": "khoi-thi-dua", "label": "khối thi đua", "count": 1}],
    }


# --- live --------------------------------------------------------------------------------------
@live_elasticsearch
@pytest.mark.parametrize("engine", ["elasticsearch"], indirect=True)
def test_rebuilds_under_searches_swap_the_alias_without_a_wrong_answer(corpus, engine):
    es = get_engine()
    queries = {"dang bo": "dang_bo", "Bằng khen": "bang_khen", "chien si thi dua co so": "twin_new"}
    expected = {query: corpus[key].pk for query, key in queries.items()}
    assert {query: first(query) for query in queries} == expected
    before = es.aliased_indices()
    wrong, answered, stop = [], [0], threading.Event()

    def searching():
        while not stop.is_set():
            for query, pk in expected.items():
                try:
                    response = build_search(parse_request({"q": query}), index=es.alias).using(es.client).execute()
                    top = int(response.hits[0].meta.id) if response.hits else None
                    if top != pk:
                        wrong.append((query, top))
                except Exception as error:  # noqa: BLE001 - every failure is a wrong answer here
                    wrong.append((query, repr(error)))
            answered[0] += 1

    thread = threading.Thread(target=searching)
    thread.start()
    try:
        es.rebuild()
        middle = es.aliased_indices()
        es.rebuild()
    finally:
        stop.set()
        thread.join()
    after = es.aliased_indices()
    assert wrong == [] and answered[0] > 0
    assert len(after) == 1 and after != middle != before
    assert es.concrete_indices() == sorted(middle + after)  # the previous one is kept, older ones go


@live_elasticsearch
@pytest.mark.parametrize("engine", ["elasticsearch"], indirect=True)
def test_a_concrete_index_of_the_alias_name_is_replaced_in_the_same_swap(settings, engine, campaign):
    alias = f"thidua-test-legacy-{uuid.uuid4().hex[:8]}"
    es = use_cluster(settings, ELASTICSEARCH_URL, timeout=10, alias=alias)
    ArticlePageFactory(parent=campaign, title="Yên Bái biểu dương")
    refresh_all_documents()
    try:
        ArticleDocument._index.clone(name=alias).create(using=es.client)  # as the engine once made it
        es.apply(list(SearchDocument.objects.values_list("page_id", flat=True)), [])  # drains still reach it
        assert es.client.count(index=alias)["count"] == 1
        es.rebuild()
        assert es.aliased_indices() and es.aliased_indices() != [alias]
        assert [hit.title for hit in es.search(parse_request({"q": "yen bai"})).hits] == ["Yên Bái biểu dương"]
        es.apply([], [987654321])  # deleting a document that is not there is not an error
    finally:
        cleanup = es.client.options(ignore_status=(400, 404))
        names = es.concrete_indices()
        if names:
            cleanup.indices.delete(index=",".join(names))  # the alias goes with them
        cleanup.indices.delete(index=alias)  # the legacy index, had the swap not happened


@live_elasticsearch
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_outage_then_recovery_through_a_relay(settings, client, campaign_index, elasticsearch_alias):
    target = urlsplit(ELASTICSEARCH_URL)
    if target.scheme != "http":
        pytest.skip("the relay test needs a plain-http cluster address")
    relay = TcpRelay(target.hostname, target.port or 9200)
    relay.start()
    credentials = target.netloc.rpartition("@")[0]
    address = f"http://{credentials + '@' if credentials else ''}127.0.0.1:{relay.port}"
    try:
        use_cluster(settings, address, timeout=3.0, alias=elasticsearch_alias)
        campaign = committed(
            CampaignPageFactory, parent=campaign_index, title="Phong trào Ninh Thuận", slug="ninh-thuan"
        )
        committed(ArticlePageFactory, parent=campaign, title="Ninh Thuận tổng kết năm")
        wait_for_background_drains()
        refresh_all_documents()
        get_engine().rebuild()

        relay.cut()
        article = committed(ArticlePageFactory, parent=campaign, title="Ninh Thuận khen thưởng ngư dân", live=False)
        committed(lambda: article.save_revision().publish())
        wait_for_background_drains()
        assert pending_rows(article) and all(row.attempts >= 1 for row in pending_rows(article))
        assert client.get("/api/search/", {"q": "ngu dan"}).status_code == 503

        relay.restore()
        call_command("search_index", "drain", "--retry-now", stdout=StringIO())
        assert pending_rows(article) == []
        titles = [r["title"] for r in client.get("/api/search/", {"q": "ninh thuan ngu dan"}).json()["results"]]
        assert titles == ["Ninh Thuận khen thưởng ngư dân"]
    finally:
        relay.close()
