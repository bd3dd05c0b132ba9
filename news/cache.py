"""One counter for "the published content changed".

Cached fragments that depend on what is live (archive months, menus) put the
counter in their key; publishing, unpublishing, moving or deleting a page bumps
it, so every such entry is stale at once without tracking keys one by one.
"""

from django.core.cache import cache

VERSION_KEY = "news:content-version"


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def cached_by_content(name, build, timeout=60 * 60):
    key = f"news:{name}:v{content_version()}"
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
    a new entry at once.
    """
    from functools import wraps

    from django.views.decorators.cache import cache_page

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            cached_view = cache_page(timeout, key_prefix=f"content-v{content_version()}")(view)
            return cached_view(request, *args, **kwargs)

        return wrapper

    return decorate
