"""A real server on a fresh database, and many visitors at once (tests and `make bench-stats`)."""

import contextlib
import http.client
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def fresh_database(kind="sqlite"):
    """A new, migrated database URL: a SQLite file, or a throw-away PostgreSQL database."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            url = f"sqlite:///{directory}/stats.sqlite3"
            migrate(url)
            yield url
        return
    import psycopg

    name = f"thidua_load_{uuid.uuid4().hex[:10]}"
    admin = os.environ.get("CI_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        url = admin.rsplit("/", 1)[0] + f"/{name}"
        migrate(url)
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(database_url, redis_url=""):
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "STATS_REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="thidua_site.settings.production",
        SECRET_KEY="load-test-" + secrets.token_hex(16),
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
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


def migrate(database_url):
    env = server_env(database_url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)


@contextlib.contextmanager
def running_server(database_url, redis_url="", workers=None, threads=None):
    """gunicorn as production would run it; GUNICORN_WORKERS / GUNICORN_THREADS override the shape."""
    workers = workers or int(os.environ.get("GUNICORN_WORKERS", "2"))
    threads = threads or int(os.environ.get("GUNICORN_THREADS", "4"))
    port = free_port()
    env = server_env(database_url, redis_url)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "thidua_site.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = request(port, "GET", "/robots.txt")
                if status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("server did not start: " + process.stderr.read().decode()[-2000:])
            time.sleep(0.2)
        yield port, env
    finally:
        process.terminate()
        process.wait(timeout=20)
        if redis_url:
            import redis

            client = redis.Redis.from_url(redis_url)
            for key in client.scan_iter(match=env["STATS_REDIS_PREFIX"] + "*"):
                client.delete(key)


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


def crowd(port, visitors=200, repeats=2, crawlers=50, threads=64):
    """Every visitor's hits and the crawlers' hits, all at once; returns (statuses, latencies)."""
    cookies = [secrets.token_urlsafe(18) for _ in range(visitors)]
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
