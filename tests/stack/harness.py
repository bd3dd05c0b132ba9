"""What the stack tests use to talk to the server and to its database."""

import html
import json
import os
import secrets
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests import servers

from .relay import TcpRelay

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36"
ACCESS_LOG_FORMAT = "%(p)s %({x-probe}i)s %(s)s"


def database_kinds():
    chosen = os.environ.get("STACK_DATABASES", "")
    if chosen:
        return [kind.strip() for kind in chosen.split(",") if kind.strip()]
    return ["postgresql"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else ["sqlite"]


@dataclass
class Reply:
    status: int
    text: str
    headers: dict

    def json(self):
        return json.loads(self.text)

    def readable(self):
        """The body with JSON's \\u escapes undone, so Vietnamese titles can be looked for."""
        if self.headers.get("Content-Type", "").startswith("application/json"):
            return json.dumps(self.json(), ensure_ascii=False)
        return self.text


@dataclass
class PreparedDatabase:
    kind: str
    url: str
    workdir: Path
    relay: TcpRelay
    prefix: str
    extra_prefixes: list = field(default_factory=list)

    def env(self, **overrides):
        settings = {
            "REDIS_URL": self.relay.url,
            "CACHE_KEY_PREFIX": self.prefix,
            "STATS_REDIS_PREFIX": f"{self.prefix}:stats:",
            **overrides,
        }
        return servers.production_env(self.url, self.workdir, **settings)

    def shell(self, code):
        """Python run by ``manage.py shell`` against this database, as an operator would; returns its output."""
        return servers.manage(self.env(), "shell", "--no-imports", "-c", code).stdout.strip()

    def shell_json(self, code):
        return json.loads(self.shell(code).splitlines()[-1])


@dataclass
class Stack:
    database: PreparedDatabase
    server: servers.Server
    access_log: Path

    @property
    def base_url(self):
        return self.server.base_url

    def request(self, method, path, headers=None, data=None, probe=None):
        headers = {"User-Agent": BROWSER, "Connection": "close", **(headers or {})}
        if probe:
            headers["X-Probe"] = probe
        response = requests.request(
            method, self.base_url + path, headers=headers, data=data, allow_redirects=False, timeout=60
        )
        return Reply(response.status_code, response.text, dict(response.headers))

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def burst(self, path, count=20, concurrency=8):
        """``count`` GETs of ``path``, ``concurrency`` at a time, each on a new connection;
        returns the replies and the worker processes that answered (from gunicorn's access log)."""
        probe = uuid.uuid4().hex
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            replies = list(pool.map(lambda _: self.get(path, probe=probe), range(count)))
        return replies, self.workers_that_answered(probe, count)

    def workers_that_answered(self, probe, count):
        deadline = time.monotonic() + 5
        while True:
            lines = [line for line in self.access_log.read_text().splitlines() if probe in line]
            if len(lines) >= count or time.monotonic() > deadline:
                return {line.split()[0] for line in lines}
            time.sleep(0.05)

    def shell(self, code):
        return self.database.shell(code)

    def shell_json(self, code):
        return self.database.shell_json(code)


def shows(reply, article):
    """Whether a listing, feed, sitemap or search answer names the article.

    A search answer echoes the query (the article's title), so only its results count.
    """
    if reply.headers.get("Content-Type", "").startswith("application/json") and "results" in reply.json():
        return any(hit["url"] == article["path"] or hit["title"] == article["title"] for hit in reply.json()["results"])
    text = reply.readable()
    return article["path"] in text or article["title"] in text or html.escape(article["title"]) in text


def start_together(functions):
    """Run the calls at the same instant (a barrier), return their results in order."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(index, function):
        barrier.wait()
        try:
            results[index] = function()
        except Exception as error:  # noqa: BLE001 - a dropped connection is a result too
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def beacon(stack, page_id):
    """One visit by a new visitor (a fresh tdv cookie), as a browser's beacon sends it; returns the status."""
    return stack.request(
        "POST",
        "/api/stats/hit/",
        headers={
            "Origin": stack.base_url,
            "Cookie": f"tdv={secrets.token_urlsafe(18)}",
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": BROWSER,
        },
        data=f"page={page_id}",
    ).status
