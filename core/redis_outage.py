"""Remembering, per process, that a Redis server is unreachable.

Every cache read on a page would otherwise pay the connect timeout again; after
one failure the server is skipped for ``PAUSE`` seconds (all callers then get a
miss at once), and the warning is logged at most once per ``LOG_EVERY`` seconds
with the number of failures it stands for, so a dead Redis does not flood the logs.
"""

import logging
import threading
import time

import redis.exceptions
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger("core.redis")

# What "Redis is not there" looks like: refused or reset connections, timeouts, a
# replica that cannot take writes during a fail-over. Programming errors are not caught.
UNAVAILABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, redis.exceptions.ReadOnlyError, OSError)

# Short socket timeouts: a cache that answers in more than half a second is worse than none.
# No retries either: the caller falls back at once and Outage skips the server for a moment.
FAST_FAIL_OPTIONS = {
    "socket_connect_timeout": 0.3,
    "socket_timeout": 0.5,
    "retry_on_timeout": False,
    "retry": Retry(NoBackoff(), 0),
}


class Outage:
    PAUSE = 2.0
    LOG_EVERY = 30.0

    def __init__(self, name):
        self.name = name
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._last_log = -float("inf")
        self._unlogged = 0

    def is_down(self):
        return time.monotonic() < self._down_until

    def failed(self, exc, operation):
        now = time.monotonic()
        with self._lock:
            self._down_until = now + self.PAUSE
            self._unlogged += 1
            if now - self._last_log < self.LOG_EVERY:
                return
            count, self._unlogged, self._last_log = self._unlogged, 0, now
        logger.warning(
            "Redis %s unreachable during %s (%s: %s); treated as a cache miss, %d failure(s) since the last warning",
            self.name,
            operation,
            type(exc).__name__,
            exc,
            count,
        )

    def reset(self):
        with self._lock:
            self._down_until = 0.0
            self._last_log = -float("inf")
            self._unlogged = 0


_outages = {}
_outages_lock = threading.Lock()


def outage_for(location):
    """One record per server for the whole process (Django builds a cache object per thread)."""
    with _outages_lock:
        if location not in _outages:
            _outages[location] = Outage(_redact(location))
        return _outages[location]


def reset_all():
    """Forget every recorded outage (tests)."""
    with _outages_lock:
        for outage in _outages.values():
            outage.reset()


def _redact(location):
    """redis://:password@host:6379/0 → redis://***@host:6379/0 for the logs."""
    scheme, sep, rest = str(location).partition("://")
    if "@" in rest:
        rest = "***@" + rest.split("@", 1)[1]
    return scheme + sep + rest
