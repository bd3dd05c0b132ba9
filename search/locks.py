"""One writer at a time for a search index, across threads, processes and machines.

Pushes must reach an engine in the order their documents were read, and a
rebuild's final catch-up must not interleave with a drain, so every write to
an index happens under ``exclusive(name)``. On PostgreSQL this is an advisory
lock (it spans every machine using the database, as an Elasticsearch cluster
needs); elsewhere (SQLite: one machine) it is an ``flock`` on a file, which the
kernel releases if the holder dies, even by ``kill -9``.
"""

import contextlib
import fcntl
import hashlib
import os
import tempfile
import threading
import time
from pathlib import Path

from django.db import connection

POLL = 0.02
_local_locks = {}
_local_guard = threading.Lock()


class LockTimeout(Exception):
    """Another writer held the lock for longer than the caller would wait."""


def _key(name):
    return int.from_bytes(hashlib.sha1(f"thidua:{name}".encode()).digest()[:8], "big", signed=True)


def _thread_lock(name):
    # flock is per open file description, advisory locks per session: threads of one
    # process sharing a connection or file would both "hold" it. A process-local lock first.
    with _local_guard:
        return _local_locks.setdefault(name, threading.Lock())


@contextlib.contextmanager
def exclusive(name, timeout=10.0, directory=None):
    local = _thread_lock(name)
    if not local.acquire(timeout=max(timeout, 0)):
        raise LockTimeout(name)
    try:
        if connection.vendor == "postgresql":
            with _advisory(name, timeout):
                yield
        else:
            with _flock(name, timeout, directory):
                yield
    finally:
        local.release()


@contextlib.contextmanager
def _advisory(name, timeout):
    key = _key(name)
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            if cursor.fetchone()[0]:
                break
            if time.monotonic() >= deadline:
                raise LockTimeout(name)
            time.sleep(POLL)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@contextlib.contextmanager
def _flock(name, timeout, directory):
    directory = Path(directory or Path(tempfile.gettempdir()) / "thidua-locks")
    directory.mkdir(parents=True, exist_ok=True)
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)
    fd = os.open(directory / f"{safe}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(name) from None
                time.sleep(POLL)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
