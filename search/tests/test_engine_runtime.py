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


def test_writers_of_one_process_saving_the_snapshot_at_once_all_succeed(campaign, settings, tmp_path):
    """The threads of a cold worker used to share one temporary file name (the pid) and
    rename it from under each other: FileNotFoundError, answered as a 500."""
    import threading

    settings.SEARCH_INDEX_DIR = str(tmp_path)
    ArticlePageFactory(parent=campaign, title="Quảng Ngãi khen thưởng đột xuất")
    rebuild_documents()
    engine = EmbeddedEngine()
    engine._ready()
    barrier, errors = threading.Barrier(8), []

    def write():
        barrier.wait()
        try:
            for _ in range(20):
                engine._write_snapshot()
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [path.suffix for path in tmp_path.iterdir()] == [".pickle"]  # no temporary files left behind
    assert titles(EmbeddedEngine(), "quang ngai") == ["Quảng Ngãi khen thưởng đột xuất"]


def test_half_written_snapshot_is_ignored(campaign, settings, tmp_path):
    settings.SEARCH_INDEX_DIR = str(tmp_path)
    ArticlePageFactory(parent=campaign, title="Hà Tĩnh biểu dương gia đình hiếu học")
    rebuild_documents()
    EmbeddedEngine()._ready()
    (snapshot,) = tmp_path.glob("embedded-*.pickle")
    snapshot.write_bytes(snapshot.read_bytes()[: snapshot.stat().st_size // 2])
    assert titles(EmbeddedEngine(), "ha tinh") == ["Hà Tĩnh biểu dương gia đình hiếu học"]


def test_threads_asking_for_the_engine_at_once_share_one(settings, monkeypatch):
    import threading
    import time

    from search.engines import get_engine

    built = EmbeddedEngine.__init__

    def slow_to_build(self):  # widens the window in which a second engine used to be made
        time.sleep(0.05)
        built(self)

    monkeypatch.setattr(EmbeddedEngine, "__init__", slow_to_build)
    settings.ELASTICSEARCH_URL = ""
    get_engine.cache_clear()
    barrier, engines = threading.Barrier(8), []

    def ask():
        barrier.wait()
        engines.append(get_engine())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    get_engine.cache_clear()
    assert len({id(engine) for engine in engines}) == 1
