"""Purging nginx's page cache when what readers see changes.

Wagtail (``wagtail.contrib.frontend_cache``) purges a page's own URLs when it is published
or unpublished. Readers also see a story on the home page, its campaign, its tag pages,
the archive, the feeds and the sitemap, and a page's URLs also change with a move, a
delete or a view restriction. So:

- pages say which listings show them: a page class may define ``get_listing_urls(
  include_descendants=False)`` returning absolute URLs (news implements it; core never
  imports news), next to Wagtail's own ``get_cached_paths()`` for its sub-pages;
- receivers, connected per page class that has the method (the codebase's rule: receivers
  name their senders), collect the URLs before and after each change: publish (new and
  edited: the live version is read before it is overwritten, so a tag removed or a slug
  changed in this publish is purged too), unpublish, move (old and new URLs), delete
  (Wagtail unpublishes a live page as it deletes it), and a ``PageViewRestriction`` saved
  or deleted (the page, every live page under it, and the listings they were in);
- the URLs go out after the transaction commits (``transaction.on_commit``), as one
  ``PurgeBatch`` per change, from a background thread: a slow or unreachable cache never
  slows down or fails a publish, it is logged. Each batch is purged a second time once
  every worker's content-version memo (one second) has expired: a reader arriving between
  the commit and that moment may be served by a worker that still renders or serves the
  previous version, and nginx would keep that copy for its whole lifetime.

Wagtail's own receivers purge inside the publishing transaction (before the commit, so a
concurrent reader can refill the cache with the old page); they are disconnected, the
page's URLs being part of the batches here.

Nothing happens unless ``WAGTAILFRONTENDCACHE`` is configured (``FRONTEND_CACHE_URL``).
"""

import atexit
import logging
import os
import queue
import threading
import time
from urllib.error import HTTPError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

logger = logging.getLogger(__name__)


class PurgeHTTPBackend(HTTPBackend):
    """Wagtail's HTTP backend (``PURGE <path>`` with ``Host:``) with a timeout and quiet misses.

    Wagtail's waits for ever on a cache that accepts the connection but never answers and
    lets a read timeout escape; a 404 only means nginx held no copy, which is normal.
    """

    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", 2.0))
        super().__init__(params)

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        request = PurgeRequest(
            url=urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""]),
            headers={"Host": host, "User-Agent": f"Wagtail-frontendcache/{wagtail_version}"},
        )
        try:
            with urlopen(request, timeout=self.timeout):  # noqa: S310 - the scheme comes from settings
                pass
        except HTTPError as error:
            if error.code == 404:
                logger.debug("Không có bản lưu để xoá: %s", url)
            else:
                logger.warning("Không xoá được %s khỏi bộ nhớ đệm trang: HTTP %s", url, error.code)
        except Exception as error:  # noqa: BLE001 - an unreachable cache must never break a publish
            logger.warning("Không xoá được %s khỏi bộ nhớ đệm trang: %s", url, error)


def enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def repeat_after():
    """Seconds after which a batch is purged again (0: once only)."""
    default = getattr(settings, "CONTENT_VERSION_MEMO_SECONDS", 1.0) + 0.25
    return float(getattr(settings, "FRONTEND_CACHE_REPURGE_SECONDS", default))


class Purger:
    """One background thread per process sending the batches, in order, then again later."""

    def __init__(self):
        self._queue = queue.Queue()
        self._thread = None
        self._pid = None
        self._lock = threading.Lock()
        self._busy = 0
        self._idle = threading.Condition(self._lock)

    def submit(self, urls):
        if not urls:
            return
        with self._lock:
            if self._pid != os.getpid():  # a forked worker: the parent's thread and queue are not its own
                self._pid, self._thread, self._busy, self._queue = os.getpid(), None, 0, queue.Queue()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="frontend-cache-purge", daemon=True)
                self._thread.start()
            self._busy += 1
        self._queue.put((sorted(urls), repeat_after()))

    def _run(self):
        later = []  # (due, urls) of second purges
        while True:
            timeout = max(0.0, later[0][0] - time.monotonic()) if later else None
            try:
                urls, repeat = self._queue.get(timeout=timeout)
            except queue.Empty:
                due, urls = later.pop(0)
                self._purge(urls)
                self._done()
                continue
            self._purge(urls)
            if repeat > 0:
                later.append((time.monotonic() + repeat, urls))
                later.sort(key=lambda item: item[0])
            else:
                self._done()

    def _purge(self, urls):
        try:
            PurgeBatch(urls).purge()
        except Exception:  # noqa: BLE001 - the thread must survive a misconfigured backend
            logger.exception("Lỗi khi xoá bộ nhớ đệm trang")

    def _done(self):
        with self._lock:
            self._busy -= 1
            self._idle.notify_all()

    def wait(self, timeout=10.0):
        """Block until every submitted batch (and its repeat) has been sent; tests and exit use it."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._busy and self._pid == os.getpid():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._idle.wait(remaining)
        return True


purger = Purger()
# A management command (publish_scheduled, an import) exits right after publishing: send first.
atexit.register(purger.wait, 10.0)

_before = threading.local()  # URLs of pages as they were before a save or move, by page id


def _stash(page_id, urls):
    if not hasattr(_before, "urls"):
        _before.urls = {}
    _before.urls.setdefault(page_id, set()).update(urls)


def _unstash(page_id):
    return getattr(_before, "urls", {}).pop(page_id, set())


def page_urls(page, include_descendants=False, batch=None):
    """The page's own URLs (with ``get_cached_paths``) and those of the listings that show it."""
    batch = batch or PurgeBatch()
    batch.add_page(page)
    listing_urls = getattr(page, "get_listing_urls", None)
    if listing_urls is not None:
        batch.add_urls(listing_urls(include_descendants=include_descendants))
    if include_descendants:
        batch.add_pages(page.get_descendants().live().specific(defer=True))
    return batch.urls


def purge_after_commit(urls):
    urls = set(urls)
    if urls and enabled():
        transaction.on_commit(lambda: purger.submit(urls))


def _live_before(sender, instance):
    if not instance.pk:
        return None
    return sender.objects.filter(pk=instance.pk, live=True).first()


def remember_live_version(sender, instance, update_fields=None, raw=False, **kwargs):
    """Before a full save (publish, unpublish) the database still holds the live version."""
    if raw or update_fields is not None or not enabled():
        return
    old = _live_before(sender, instance)
    if old is not None:
        _stash(instance.pk, page_urls(old, include_descendants=old.slug != instance.slug))


def purge_published(sender, instance, **kwargs):
    if enabled():
        purge_after_commit(page_urls(instance) | _unstash(instance.pk))


def purge_unpublished(sender, instance, **kwargs):
    """Unpublish, and delete: Wagtail unpublishes each live page it deletes (before the rows go)."""
    if enabled():
        purge_after_commit(page_urls(instance) | _unstash(instance.pk))


def remember_before_move(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    if enabled() and instance.live:
        _stash(instance.pk, page_urls(instance.specific, include_descendants=url_path_before != url_path_after))


def purge_moved(sender, instance, **kwargs):
    if not enabled():
        return
    page = Page.objects.get(pk=instance.pk).specific
    urls = _unstash(instance.pk)
    if page.live:
        urls |= page_urls(page)
    purge_after_commit(urls)


def purge_restricted(sender, instance, **kwargs):
    """A restriction added or removed: the page and everything under it, wherever listed."""
    if not enabled():
        return
    try:
        page = Page.objects.get(pk=instance.page_id).specific
    except Page.DoesNotExist:  # the restriction goes with its page: the page's delete purges
        return
    purge_after_commit(page_urls(page, include_descendants=True))


def page_models():
    """Concrete page classes that know their listings (``get_listing_urls``)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model is not Page and hasattr(model, "get_listing_urls")
    ]


def connect():
    """Connect the receivers per page class and replace Wagtail's in-transaction ones."""
    from wagtail.contrib.frontend_cache import signal_handlers as wagtail_handlers

    for model in apps.get_models():
        if issubclass(model, Page):
            page_published.disconnect(wagtail_handlers.page_published_signal_handler, sender=model)
            page_unpublished.disconnect(wagtail_handlers.page_unpublished_signal_handler, sender=model)
    for model in page_models():
        for signal, handler in (
            (pre_save, remember_live_version),
            (page_published, purge_published),
            (page_unpublished, purge_unpublished),
            (pre_page_move, remember_before_move),
            (post_page_move, purge_moved),
        ):
            signal.connect(handler, sender=model, dispatch_uid=f"frontend_cache.{handler.__name__}:{model.__name__}")
    post_save.connect(purge_restricted, sender=PageViewRestriction, dispatch_uid="frontend_cache.restriction_saved")
    post_delete.connect(purge_restricted, sender=PageViewRestriction, dispatch_uid="frontend_cache.restriction_deleted")
