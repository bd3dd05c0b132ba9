"""The engine for this process, chosen by settings: Elasticsearch when
``ELASTICSEARCH_URL`` is set, the embedded engine otherwise."""

import threading
from functools import lru_cache

from django.conf import settings

_creation = threading.Lock()


@lru_cache(maxsize=1)
def _build_engine():
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        from .elastic import ElasticsearchEngine

        return ElasticsearchEngine(settings.ELASTICSEARCH_URL)
    from .embedded import EmbeddedEngine

    return EmbeddedEngine()


def get_engine():
    """One engine per process. ``lru_cache`` alone lets the threads of a cold worker each
    build their own (they then loaded the index twice and raced on the snapshot file)."""
    with _creation:
        return _build_engine()


get_engine.cache_clear = _build_engine.cache_clear
