"""How the embedded engine lives in a process: snapshots, catching up, engine choice."""

import pytest

from search.documents import rebuild_documents
from search.engines.base import parse_request
from search.engines.embedded import EmbeddedEngine
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def titles(engine, query):
    return [hit.title for hit in engine.search(parse_request({"q": query})).hits]


def test_snapshot_is_reused_and_catches_up_with_later_changes(campaign, settings, tmp_path):
    from search.documents import sync_articles

    settings.SEARCH_INDEX_DIR = str(tmp_path)
    old = ArticlePageFactory(parent=campaign, title="Bình Định khen thưởng ngư dân")
    rebuild_documents()
    writer = EmbeddedEngine()
    assert titles(writer, "binh dinh") == ["Bình Định khen thưởng ngư dân"]
    assert list(tmp_path.glob("embedded-*.pickle"))

    new = ArticlePageFactory(parent=campaign, title="Bình Định tuyên dương giáo viên")
    sync_articles([new.pk])
    old.unpublish()
    sync_articles([old.pk])
    reader = EmbeddedEngine()  # a new process: loads the snapshot, then applies what changed since
    assert titles(reader, "binh dinh") == ["Bình Định tuyên dương giáo viên"]


def test_corrupt_snapshot_is_ignored(campaign, settings, tmp_path):
    settings.SEARCH_INDEX_DIR = str(tmp_path)
    ArticlePageFactory(parent=campaign, title="Phú Yên biểu dương")
    rebuild_documents()
    engine = EmbeddedEngine()
    engine._ready()
    (snapshot,) = tmp_path.glob("embedded-*.pickle")
    snapshot.write_bytes(b"not a pickle")
    assert titles(EmbeddedEngine(), "phu yen") == ["Phú Yên biểu dương"]


def test_engine_is_chosen_by_settings(settings):
    from search.engines import get_engine
    from search.engines.elastic import ElasticsearchEngine

    get_engine.cache_clear()
    try:
        settings.ELASTICSEARCH_URL = ""
        assert isinstance(get_engine(), EmbeddedEngine)
        get_engine.cache_clear()
        settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
        assert isinstance(get_engine(), ElasticsearchEngine)  # built without contacting the cluster
    finally:
        get_engine.cache_clear()
