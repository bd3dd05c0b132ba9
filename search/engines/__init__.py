"""The engine for this process, chosen by settings: Elasticsearch when
``ELASTICSEARCH_URL`` is set, the embedded engine otherwise."""

from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=1)
def get_engine():
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        from .elastic import ElasticsearchEngine

        return ElasticsearchEngine(settings.ELASTICSEARCH_URL)
    from .embedded import EmbeddedEngine

    return EmbeddedEngine()
