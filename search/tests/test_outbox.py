"""The outbox between content changes and the engine: durable, retried, replayable."""

import datetime as dt
import shutil

import pytest
from django.db import transaction
from django.utils import timezone

from search import outbox
from search.engines import get_engine
from search.engines.base import parse_request
from search.models import SearchOutbox
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def titles(query):
    return [hit.title for hit in get_engine().search(parse_request({"q": query})).hits]


@pytest.fixture
def indexed(campaign):
    """An index exists (as after `make run`), and nothing is waiting."""
    get_engine().rebuild()
    return campaign


def test_a_change_that_rolls_back_leaves_nothing_queued(indexed):
    article = ArticlePageFactory(parent=indexed, title="Thái Bình khen thưởng nông dân", live=False)
    SearchOutbox.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        article.save_revision().publish()
        raise RuntimeError("the editor's request failed after publishing")
    assert not SearchOutbox.objects.exists()


def test_a_publish_that_cannot_reach_the_index_stays_queued_and_drains_later(
    indexed, django_capture_on_commit_callbacks
):
    engine = get_engine()
    live = engine.generations / engine.current_generation()
    hidden = live.with_name(live.name + ".away")
    live.rename(hidden)  # the index cannot be opened for writing: a real failure, not a stand-in
    try:
        with django_capture_on_commit_callbacks(execute=True):
            article = ArticlePageFactory(parent=indexed, title="Nam Định vinh danh thầy thuốc", live=False)
            article.save_revision().publish()  # must not raise: the publish has committed
        (row,) = SearchOutbox.objects.filter(page_id=article.pk)
        assert row.processed_at is None and row.attempts == 1 and row.last_error
        assert row.next_attempt_at > timezone.now()
    finally:
        hidden.rename(live)
    assert outbox.drain().saved == 0  # backing off: not due yet
    outbox.retry_now()
    result = outbox.drain()
    assert (result.saved, result.failed, result.pending) == (1, 0, 0)
    assert titles("nam dinh") == ["Nam Định vinh danh thầy thuốc"]


def test_repeated_failures_back_off_further_each_time(indexed):
    article = ArticlePageFactory(parent=indexed, title="Hải Dương biểu dương", live=True)
    outbox.drain()
    outbox.enqueue([article.pk])
    engine = get_engine()
    shutil.rmtree(engine.generations / engine.current_generation())
    delays = []
    for _ in range(3):
        outbox.retry_now()
        started = timezone.now()
        assert outbox.drain().failed == 1
        row = SearchOutbox.objects.get(page_id=article.pk, processed_at=None)
        delays.append((row.next_attempt_at - started).total_seconds())
    assert delays[0] < delays[1] < delays[2]
    assert SearchOutbox.objects.get(page_id=article.pk, processed_at=None).attempts == 3


def test_a_busy_index_leaves_the_change_for_the_next_drain(indexed, monkeypatch):
    import threading

    article = ArticlePageFactory(parent=indexed, title="Bắc Giang tuyên dương", live=True)
    outbox.drain()
    outbox.enqueue([article.pk])
    holding, release = threading.Event(), threading.Event()

    def hold():
        with get_engine().write_lock():
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(5)
    try:
        result = outbox.drain(timeout=0.1)
    finally:
        release.set()
        holder.join()
    assert result.busy and result.pending == 1
    assert outbox.drain().saved == 1
    assert titles("bac giang") == ["Bắc Giang tuyên dương"]


def test_processed_changes_are_kept_for_replay_then_purged(indexed):
    article = ArticlePageFactory(parent=indexed, title="Ninh Bình", live=True)
    outbox.enqueue([article.pk])
    outbox.drain()
    assert article.pk in outbox.changed_since(timezone.now())  # a rebuild started now still replays it
    SearchOutbox.objects.update(processed_at=timezone.now() - dt.timedelta(days=3))
    outbox.drain()
    assert not SearchOutbox.objects.exists()


def test_one_publish_queues_one_change_however_many_signals_fire(indexed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticlePageFactory(parent=indexed, title="Quảng Trị tri ân", live=False)
        article.save_revision().publish()
    assert SearchOutbox.objects.filter(page_id=article.pk).count() == 1
    assert titles("quang tri") == ["Quảng Trị tri ân"]
