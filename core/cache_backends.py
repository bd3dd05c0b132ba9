"""Cache backends for several worker processes.

``ResilientRedisCache``: Django's Redis cache, except that when Redis cannot be
reached every operation behaves as a miss or a no-op (and ``incr`` as a missing
key), with short socket timeouts and a short pause after a failure. Pages are
then built from the database, a little slower, instead of answering 500.

``DatabaseCounterCache``: the atomic counters django-ratelimit needs (``add`` and
``incr``) kept in the database, for the embedded set-up without Redis where an
in-process memory cache would give each worker process its own count.
"""

import datetime as dt

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import IntegrityError, router, transaction
from django.db.models import F
from django.utils import timezone

from .redis_outage import FAST_FAIL_OPTIONS, UNAVAILABLE, outage_for


class OneClientPerPool(RedisCacheClient):
    """Django's Redis cache client, building its ``redis.Redis`` object once per connection pool.

    Django makes a new ``redis.Redis`` for every operation (``get_client``), which cost more
    than the round trip itself on the beacon's path (two cache operations per hit for the
    new-visitor cap: 0.65 of 0.83 ms in-process). A ``redis.Redis`` is thread-safe and takes a
    connection from its pool for each command, so one per pool serves every thread; the
    pool itself notices a fork (gunicorn's preloaded workers) and opens new connections.
    """

    # Django's incr is EXISTS then INCRBY: two round trips, and not atomic (a key expiring
    # between them comes back without its lifetime). One script does both, atomically.
    INCR_EXISTING = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._incr_scripts = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(index))
        return client

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        script = self._incr_scripts.get(id(client))
        if script is None:
            script = self._incr_scripts[id(client)] = client.register_script(self.INCR_EXISTING)
        value = script(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        params["OPTIONS"] = {**FAST_FAIL_OPTIONS, **params.get("OPTIONS", {})}
        super().__init__(server, params)
        self._class = OneClientPerPool
        self._outage = outage_for(",".join(self._servers))

    def _attempt(self, operation, fallback, *args, **kwargs):
        if self._outage.is_down():
            return fallback()
        try:
            return operation(*args, **kwargs)
        except UNAVAILABLE as exc:
            self._outage.failed(exc, operation.__name__)
            return fallback()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().add, lambda: False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._attempt(super().get, lambda: default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set, lambda: None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().touch, lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(super().delete, lambda: False, key, version)

    def get_many(self, keys, version=None):
        return self._attempt(super().get_many, dict, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(super().has_key, lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        def unavailable():
            raise ValueError(f"Key '{key}' not found (cache unavailable).")

        return self._attempt(super().incr, unavailable, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set_many, lambda: list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._attempt(super().delete_many, lambda: None, keys, version)

    def clear(self):
        return self._attempt(super().clear, lambda: False)


class DatabaseCounterCache(BaseCache):
    """Integer counters in ``core.SharedCounter``: enough of the cache API for django-ratelimit.

    ``add`` inserts under a unique key (one winner among concurrent callers) and
    ``incr`` is a single ``UPDATE … SET value = value + n`` read back in the same
    transaction, so the row lock makes concurrent increments from any number of
    processes count exactly, on SQLite (IMMEDIATE transactions) and PostgreSQL.
    """

    def __init__(self, location, params):
        super().__init__(params)

    @property
    def _model(self):
        from .models import SharedCounter

        return SharedCounter

    def _expires(self, timeout):
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return None if timeout is None else timezone.now() + dt.timedelta(seconds=max(0, timeout))

    def _live(self, key):
        now = timezone.now()
        rows = self._model.objects.filter(key=key)
        return rows.exclude(expires_at__lte=now)

    def _check(self, value):
        if type(value) is not int:
            raise TypeError("DatabaseCounterCache only stores integers.")
        return value

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        value = self._check(value)
        db = router.db_for_write(self._model)
        self._model.objects.using(db).filter(expires_at__lte=timezone.now()).delete()
        try:
            with transaction.atomic(using=db):
                self._model.objects.using(db).create(key=key, value=value, expires_at=self._expires(timeout))
        except IntegrityError:
            return False
        return True

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        value = self._live(key).values_list("value", flat=True).first()
        return default if value is None else value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._model.objects.update_or_create(
            key=key, defaults={"value": self._check(value), "expires_at": self._expires(timeout)}
        )

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with transaction.atomic(using=router.db_for_write(self._model)):
            if not self._live(key).update(value=F("value") + delta):
                raise ValueError(f"Key '{key}' not found.")
            return self._model.objects.filter(key=key).values_list("value", flat=True).get()

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        return bool(self._live(key).update(expires_at=self._expires(timeout)))

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return bool(self._model.objects.filter(key=key).delete()[0])

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._live(key).exists()

    def clear(self):
        self._model.objects.all().delete()
