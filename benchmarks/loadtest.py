"""A real server on a fresh database, and many visitors at once (tests and `make bench-stats`)."""

import contextlib
import http.client
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from stats.visitors import new_cookie_value
from tests import servers

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36"


@contextlib.contextmanager
def fresh_database(kind="sqlite"):
    """A new, migrated database URL: a SQLite file, or a throw-away PostgreSQL database."""
    with (
        servers.scratch_directory("thidua-load-") as directory,
        servers.throwaway_database(kind, directory, label="load") as url,
    ):
        servers.manage(server_env(url, directory), "migrate", "-v", "0")
        yield url


def server_env(database_url, workdir, redis_url=""):
    """Production settings; visitor counts in Redis only when ``redis_url`` is given, the cache
    in process memory (the beacon path is what is measured)."""
    env = servers.production_env(
        database_url,
        workdir,
        SEARCH_INDEX_DIR="",
        STATS_REDIS_PREFIX=f"thidua-load-{uuid.uuid4().hex[:8]}:",
    )
    # Production settings need a shared cache; the store under test is chosen by STATS_STORE.
    env["REDIS_URL"] = redis_url or "redis://127.0.0.1:6379/0"
    env["CACHE_KEY_PREFIX"] = f"thidua-load-{uuid.uuid4().hex[:8]}"
    if redis_url:
        env["STATS_REDIS_URL"] = redis_url
    else:
        env["STATS_STORE"] = "database"
    return env


@contextlib.contextmanager
def running_server(database_url, redis_url="", workers=None, threads=None):
    """gunicorn as production would run it; GUNICORN_WORKERS / GUNICORN_THREADS override the shape."""
    workers = workers or int(os.environ.get("GUNICORN_WORKERS", "2"))
    threads = threads or int(os.environ.get("GUNICORN_THREADS", "4"))
    with servers.scratch_directory("thidua-load-server-") as workdir:
        env = server_env(database_url, workdir, redis_url)
        try:
            with servers.gunicorn(
                env, workdir / "gunicorn.log", workers=workers, threads=threads, extra_args=("--log-level", "warning")
            ) as server:
                yield server.port, env
        finally:
            if redis_url:
                servers.forget_redis_keys(redis_url, env["STATS_REDIS_PREFIX"])


def request(port, method, path, headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def hit(port, cookie=None, agent=BROWSER, page=None):
    headers = {"User-Agent": agent, "Content-Type": "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = f"tdv={cookie}"
    started = time.perf_counter()
    status, _ = request(port, "POST", "/api/stats/hit/", headers, f"page={page}" if page else "")
    return status, time.perf_counter() - started


def crowd(port, secret, visitors=200, repeats=2, crawlers=50, threads=64):
    """Every visitor's hits and the crawlers' hits, all at once; returns (statuses, latencies).

    Each visitor carries a cookie the server would have issued (signed with the server's
    ``secret``, i.e. its SECRET_KEY), as a browser does after its first page.
    """
    cookies = [new_cookie_value(secret) for _ in range(visitors)]
    jobs = [(cookie, BROWSER) for cookie in cookies for _ in range(repeats)]
    jobs += [(None, "Googlebot/2.1 (+http://www.google.com/bot.html)") for _ in range(crawlers)]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(lambda job: hit(port, job[0], job[1], page=7), jobs))
    return [status for status, _ in results], [latency for _, latency in results]


def counts(port):
    import json

    status, body = request(port, "GET", "/api/stats/", {"User-Agent": BROWSER})
    assert status == 200, status
    return json.loads(body)
