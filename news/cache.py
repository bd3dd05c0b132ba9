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
