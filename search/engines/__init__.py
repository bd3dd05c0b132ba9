"""The engine for this process, chosen by settings: Elasticsearch when
``ELASTICSEARCH_URL`` is set, the embedded tantivy index otherwise."""

import threading
from functools import lru_cache

from django.conf import settings

_creation = threading.Lock()


@lru_cache(maxsize=1)
def _build_engine():
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        from .elastic import ElasticsearchEngine

        return ElasticsearchEngine(settings.ELASTICSEARCH_URL)
    from .tantivy_engine import TantivyEngine

    return TantivyEngine()


def get_engine():
    """One engine per process, even when the threads of a cold worker ask at once."""
    with _creation:
        return _build_engine()


get_engine.cache_clear = _build_engine.cache_clear
