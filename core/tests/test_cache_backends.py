"""The Redis cache treats an unreachable server as a miss, quickly, and comes back when it does."""

import logging
import os
import threading
import time
import uuid

import pytest

from core.cache_backends import ResilientRedisCache
from core.redis_outage import Outage, outage_for, reset_all
from core.tests.relay import Relay, dead_port, redis_available

needs_redis = pytest.mark.skipif(not redis_available(), reason="needs the machine's Redis at 127.0.0.1:6379")


def make_cache(url):
    return ResilientRedisCache(url, {"KEY_PREFIX": f"thidua-test-{uuid.uuid4().hex[:8]}"})


@pytest.fixture(autouse=True)
def _fresh_outages():
    reset_all()
    yield
    reset_all()


@pytest.fixture
def relay():
    relay = Relay()
    yield relay
    relay.close()


def test_every_operation_on_a_dead_port_is_a_miss_or_a_no_op(monkeypatch):
    monkeypatch.setattr(Outage, "PAUSE", 0.0)  # each call meets the refused connection itself
    cache = make_cache(f"redis://127.0.0.1:{dead_port()}/0")
    assert cache.get("k") is None
    assert cache.get("k", "mặc định") == "mặc định"
    assert cache.set("k", 1) is None
    assert cache.add("k", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    assert cache.touch("k") is False
    assert cache.delete_many(["a"]) is None
    assert cache.clear() is False
    assert cache.get_or_set("k", lambda: "tính lại") == "tính lại"
    with pytest.raises(ValueError):
        cache.incr("k")
    with pytest.raises(ValueError):
        cache.decr("k")


def test_after_one_failure_the_server_is_skipped_without_touching_the_network(relay, monkeypatch):
    cache = make_cache(relay.url)
    relay.hang()  # accepts and never answers: every attempt would cost the read timeout
    started = time.monotonic()
    assert cache.get("k", "x") == "x"
    first = time.monotonic() - started
    assert first < 1.0  # connect/read timeouts are short (0.3 s / 0.5 s), no retries
    started = time.monotonic()
    for _ in range(50):
        assert cache.get("k") is None
    assert time.monotonic() - started < 0.1  # the outage pause answers at once


def test_the_outage_is_logged_once_per_period_with_the_number_of_failures(caplog, monkeypatch):
    monkeypatch.setattr(Outage, "PAUSE", 0.0)  # every call really tries the dead port
    cache = make_cache(f"redis://:secret@127.0.0.1:{dead_port()}/0")
    with caplog.at_level(logging.WARNING, logger="core.redis"):
        for _ in range(20):
            cache.get("k")
    warnings = [record for record in caplog.records if record.name == "core.redis"]
    assert len(warnings) == 1
    assert "secret" not in warnings[0].getMessage()
    outage = outage_for(",".join(cache._servers))
    assert outage._unlogged == 19  # reported in the next warning


@needs_redis
def test_values_round_trip_through_a_live_redis_and_incr_is_atomic():
    cache = make_cache("redis://127.0.0.1:6379/0")
    try:
        cache.set("greeting", {"chào": "bạn"}, 30)
        assert cache.get("greeting") == {"chào": "bạn"}
        assert cache.add("n", 1, 30) is True
        assert cache.incr("n") == 2
        assert cache.incr("n", 5) == 7
        assert 0 < cache._cache.get_client("n").ttl(cache.make_key("n")) <= 30  # the lifetime is kept
        with pytest.raises(ValueError):
            cache.incr("never-added")
        assert cache.get("never-added") is None  # incr did not create it
    finally:
        cache.delete_many(["greeting", "n"])


@needs_redis
def test_threads_sharing_the_one_client_count_exactly_and_read_their_own_values():
    """One ``redis.Redis`` per pool is shared by every thread of a worker (OneClientPerPool)."""
    cache = make_cache("redis://127.0.0.1:6379/0")
    cache.add("hits", 0, 30)
    errors = []

    def work(n):
        try:
            for i in range(200):
                cache.incr("hits")
                cache.set(f"own-{n}", i, 30)
                assert cache.get(f"own-{n}") == i
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert cache.get("hits") == 8 * 200
    finally:
        cache.delete_many(["hits", *(f"own-{n}" for n in range(8))])


@needs_redis
def test_a_forked_worker_uses_connections_of_its_own():
    """gunicorn preloads the app, then forks: a child must not talk over its parent's socket."""
    cache = make_cache("redis://127.0.0.1:6379/0")
    cache.set("before-fork", "cha", 30)
    assert cache.get("before-fork") == "cha"
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer through the pipe, never return into pytest
        try:
            cache.set("child", "con", 30)
            ok = cache.get("before-fork") == "cha" and cache.get("child") == "con"
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.waitpid(pid, 0)
    try:
        assert answer == b"1"
        assert cache.get("child") == "con" and cache.get("before-fork") == "cha"
    finally:
        cache.delete_many(["before-fork", "child"])


@needs_redis
def test_a_cut_relay_turns_into_misses_and_the_cache_recovers_after_the_pause(relay, monkeypatch):
    monkeypatch.setattr(Outage, "PAUSE", 0.2)
    cache = make_cache(relay.url)
    cache.set("k", "trước", 30)
    assert cache.get("k") == "trước"

    relay.cut()
    assert cache.get("k") is None
    cache.set("k", "trong lúc mất kết nối", 30)  # silently dropped
    with pytest.raises(ValueError):
        cache.incr("k")

    relay.restore()
    time.sleep(0.3)
    assert cache.get("k") == "trước"
    cache.delete("k")
