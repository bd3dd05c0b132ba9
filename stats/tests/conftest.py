import uuid

import pytest

from stats.stores import DatabaseStore, RedisStore, get_store

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_available():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001
        return False


@pytest.fixture(params=["database", "redis"])
def store(request, db):
    if request.param == "database":
        yield DatabaseStore()
        return
    if not redis_available():
        pytest.skip("the Redis store tests need a Redis server at 127.0.0.1:6379")
    redis_store = RedisStore(REDIS_URL, prefix=f"thidua-test-{uuid.uuid4().hex[:8]}:")
    yield redis_store
    redis_store.flush()


@pytest.fixture
def use_store(store, monkeypatch):
    """Make the views and tags use this store."""
    get_store.cache_clear()
    monkeypatch.setattr("stats.views.get_store", lambda: store)
    monkeypatch.setattr("stats.beacon.get_store", lambda: store)
    monkeypatch.setattr("stats.templatetags.stats_tags.get_store", lambda: store)
    monkeypatch.setattr("stats.admin_views.get_store", lambda: store)
    yield store
    get_store.cache_clear()
