"""One counter for "the published content changed".

Cached fragments that depend on what is live (menu, view restrictions, archive
months) put the counter in their key; publishing, unpublishing, moving or
deleting a page or changing its privacy bumps it, so every such entry is stale at
once, in every worker process, without tracking keys one by one.

The counter is a database row (``core.ContentVersion``), not a cache entry: a
cache that is cleared, evicted or restarted cannot bring an old number back and
resurrect stale fragments. A bump sets it to ``max(value + 1, time in ns)``, so it
keeps growing even if the row is lost. Each process reads it at most once per
``MEMO_SECONDS`` (a change made elsewhere shows within that time; the process
that made it sees it at once).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest

from core.memo import VersionedMemo

MEMO_SECONDS = 1.0


class ContentClock:
    def __init__(self, memo_seconds=None):
        self.memo_seconds = memo_seconds
        self._memo = None  # (value, read at) replaced whole, so threads never see half of it

    def _ttl(self):
        if self.memo_seconds is not None:
            return self.memo_seconds
        return getattr(settings, "CONTENT_VERSION_MEMO_SECONDS", MEMO_SECONDS)

    def current(self):
        memo = self._memo
        now = time.monotonic()
        if memo is not None and now - memo[1] < self._ttl():
            return memo[0]
        value = self._read()
        self._memo = (value, now)
        return value

    def bump(self):
        from core.models import ContentVersion

        with transaction.atomic():
            stamp = time.time_ns()
            if not ContentVersion.objects.filter(pk=1).update(value=Greatest(F("value") + 1, stamp)):
                ContentVersion.objects.update_or_create(pk=1, defaults={"value": stamp})
            value = ContentVersion.objects.values_list("value", flat=True).get(pk=1)
        self._memo = (value, time.monotonic())
        transaction.on_commit(self.forget)
        return value

    def forget(self):
        self._memo = None

    def _read(self):
        from core.models import ContentVersion

        value = ContentVersion.objects.filter(pk=1).values_list("value", flat=True).first()
        if value is None:  # no row yet (fresh or flushed database): start from the clock, never from 1
            value, _ = ContentVersion.objects.get_or_create(pk=1, defaults={"value": time.time_ns()})
            value = value.value
        return value


clock = ContentClock()


def content_version():
    return clock.current()


def bump_content_version():
    return clock.bump()


def versioned_key(name):
    return f"news:{name}:v{content_version()}"


_in_process = VersionedMemo(size=5_000)


def cached_by_content(name, build, timeout=60 * 60, in_process=False):
    """``build()``'s value for this content version, from the shared cache.

    ``in_process``: also keep it in this process (``core.memo``), sparing the Redis round trip
    on every page that shows it. Only for values nobody mutates (HTML, numbers): the one copy
    is shared by every request of the process.
    """
    if in_process:
        return _in_process.get_or_set(name, lambda: cached_by_content(name, build, timeout))
    key = versioned_key(name)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value


def cache_page_by_content(timeout):
    """``cache_page`` whose entries belong to the current content version.

    The sitemap was cached for 15 minutes whatever happened: an article
    restricted or unpublished meanwhile stayed listed. Keyed by the content
    version, a publish, unpublish, move, delete or restriction change starts
    a new entry at once. What browsers and nginx are told is ``core.pagecache``'s
    business (purged on publish, no browser max-age on anything a publish changes), so
    the lifetime ``cache_page`` writes into the response is taken out again.
    """
    from functools import wraps

    from django.views.decorators.cache import cache_page

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            cached_view = cache_page(timeout, key_prefix=f"content-v{content_version()}")(view)
            response = cached_view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # cache_page stores (and writes its headers) after rendering
            del response["Expires"]
            del response["Cache-Control"]
            return response

        return wrapper

    return decorate
