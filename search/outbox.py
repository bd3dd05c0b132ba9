"""The durable outbox between published content and the search engines.

``enqueue`` runs inside the transaction that changed a page, so the row commits
or rolls back with the change. After commit, ``kick`` drains it: the document
is recomputed from the database (``documents.refresh_documents``), pushed to the
engine and the row marked processed. If the engine is down or its lock busy the
row stays pending, with a growing back-off, until the next drain — by the next
publish, by ``manage.py search_index drain`` from cron or a systemd timer, or by
a rebuild. A publish never fails because search did.
"""

import dataclasses
import datetime as dt
import logging
import threading

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from core.bulk import in_bulk_job

from .locks import LockTimeout
from .models import SearchOutbox

logger = logging.getLogger(__name__)

BATCH = 500
KEEP_PROCESSED = dt.timedelta(days=2)
# A rebuild replays every change made since it started, and this much before:
# a transaction that began before the rebuild may commit after it read the table.
REPLAY_OVERLAP = dt.timedelta(minutes=10)
MAX_BACKOFF = 3600
# How long a drain in the request (the embedded engine's, after a commit) waits for the
# write lock before leaving its rows to the holder: a drain takes every due row before it
# lets go, and a rebuild drains after its switch. Waiting longer only holds editors up:
# the admin commits one publish in several transactions, each followed by a drain (at
# 5 s each, a publish hung 15 s while a long drain or a stuck writer held the index).
KICK_WAIT = 1.0


@dataclasses.dataclass
class DrainResult:
    saved: int = 0
    removed: int = 0
    failed: int = 0
    pending: int = 0
    busy: bool = False
    error: str = ""


def enqueue(page_ids):
    """Record that these pages' documents must be recomputed; drains after commit.

    A publish fires several signals for one page: the transaction writes one row per
    page (``_queued`` remembers them until its commit or rollback), and the drains
    after the first find nothing due and return at once.
    """
    ids = {pk for pk in page_ids if pk}
    if not ids:
        return
    queued = _queued()
    fresh = sorted(ids - queued)
    if fresh:
        SearchOutbox.objects.bulk_create([SearchOutbox(page_id=pk) for pk in fresh])
        queued.update(fresh)
    transaction.on_commit(kick)


def _queued():
    """Page ids queued by the current transaction (a new set once it has ended)."""
    state = getattr(connection, "_search_outbox", None)
    marker_alive = state is not None and any(entry[1] is state[1] for entry in connection.run_on_commit)
    if not marker_alive or not connection.in_atomic_block:
        state = (set(), lambda: None)  # the marker runs (harmlessly) at commit; a rollback drops it
        connection._search_outbox = state
        transaction.on_commit(state[1])
    return state[0]


def kick():
    """Drain now, without ever failing the caller (a publish that has already committed)."""
    from .engines import get_engine

    if in_bulk_job():
        return  # drained once when the job ends (search.signals.drain_after_bulk_job)
    engine = get_engine()
    if not engine.drain_in_background:
        _drain_quietly(engine, timeout=KICK_WAIT)
        return
    global _drainer, _again
    with _drainer_guard:
        if _drainer is not None:
            _again = True  # the running drainer goes round once more
            return
        _drainer = threading.Thread(target=_drain_in_thread, name="search-outbox", daemon=True)
        _drainer.start()


# One background drainer per process: a transaction that publishes ten pages kicks ten
# times, and ten threads would only queue on the write lock.
_drainer_guard = threading.Lock()
_drainer = None
_again = False


def _drain_in_thread():
    global _drainer, _again
    try:
        while True:
            _drain_quietly()
            with _drainer_guard:
                if not _again:
                    _drainer = None
                    return
                _again = False
    finally:
        connection.close()  # this thread's own connection


def _drain_quietly(engine=None, timeout=5.0):
    try:
        result = drain(engine, timeout=timeout)
    except Exception:  # noqa: BLE001 - logged; the rows stay pending for the next drain
        logger.exception("Không đẩy được thay đổi sang chỉ mục tìm kiếm; sẽ thử lại")
        return None
    if result.failed:
        logger.warning("Chỉ mục tìm kiếm từ chối %s thay đổi: %s", result.failed, result.error)
    return result


def _due():
    now = timezone.now()
    return SearchOutbox.objects.filter(processed_at__isnull=True).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def pending_count():
    return SearchOutbox.objects.filter(processed_at__isnull=True).count()


def drain(engine=None, limit=BATCH, timeout=10.0, max_batches=None):
    """Push every due change to the engine, batch by batch, under the engine's write lock."""
    from .documents import refresh_documents
    from .engines import get_engine

    engine = engine or get_engine()
    result = DrainResult()
    state = getattr(connection, "_search_outbox", None)
    if state is not None:
        state[0].clear()  # drained inside the transaction: a later change needs a row again
    try:
        with engine.write_lock(timeout):
            batches = 0
            while max_batches is None or batches < max_batches:
                rows = list(_due().order_by("id").values_list("id", "page_id", "attempts")[:limit])
                if not rows:
                    break
                batches += 1
                page_ids = {page_id for _, page_id, _ in rows}
                saved, removed = refresh_documents(page_ids)
                try:
                    engine.apply(saved, removed)
                except Exception as error:  # noqa: BLE001 - recorded on the rows, retried later
                    _failed(rows, error)
                    result.failed += len(rows)
                    result.error = f"{type(error).__name__}: {error}"[:500]
                    break
                SearchOutbox.objects.filter(id__in=[row_id for row_id, _, _ in rows]).update(
                    processed_at=timezone.now(), last_error=""
                )
                result.saved += len(saved)
                result.removed += len(removed)
    except LockTimeout:
        result.busy = True
    SearchOutbox.objects.filter(processed_at__lt=timezone.now() - KEEP_PROCESSED).delete()
    result.pending = pending_count()
    return result


def _failed(rows, error):
    now = timezone.now()
    message = f"{type(error).__name__}: {error}"[:2000]
    for attempts in {attempts for _, _, attempts in rows}:
        delay = min(MAX_BACKOFF, 2 ** min(attempts + 1, 12))
        SearchOutbox.objects.filter(id__in=[row_id for row_id, _, a in rows if a == attempts]).update(
            attempts=attempts + 1, next_attempt_at=now + dt.timedelta(seconds=delay), last_error=message
        )


def changed_since(moment):
    """Pages changed since ``moment`` (less the overlap), processed or not: what a rebuild replays."""
    return set(
        SearchOutbox.objects.filter(
            Q(created_at__gte=moment - REPLAY_OVERLAP) | Q(processed_at__isnull=True)
        ).values_list("page_id", flat=True)
    )


def retry_now():
    """Make every pending row due at once (``search_index drain --retry-now``)."""
    return SearchOutbox.objects.filter(processed_at__isnull=True).update(next_attempt_at=None)


__all__ = ["DrainResult", "changed_since", "drain", "enqueue", "kick", "pending_count"]
