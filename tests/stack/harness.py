"""What the stack tests use to talk to the server and to its database."""

import contextlib
import html
import json
import os
import re
import secrets
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from tests import servers

from .relay import TcpRelay

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36"
ACCESS_LOG_FORMAT = "%(p)s %({x-probe}i)s %(s)s"
SUPERUSER = ("stackadmin", "stack-" + uuid.uuid4().hex)
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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


@contextlib.contextmanager
def prepared_database(kind, articles=0):
    """A throw-away database of ``kind`` set up as a deployment would: migrated, the demo
    content (topped up to ``articles`` stories in bulk, then indexed by ``search_index
    rebuild`` as an operator does after an import), static files collected, a superuser."""
    if not servers.redis_available():
        pytest.skip("the production stack needs the machine's Redis at 127.0.0.1:6379")
    if kind == "postgresql" and not servers.postgres_available():
        pytest.skip("PostgreSQL is not answering at " + servers.POSTGRES_ADMIN_URL)
    relay = TcpRelay()
    relay.start()
    prefix = f"thidua-stack-{uuid.uuid4().hex[:10]}"
    with (
        servers.scratch_directory("thidua-stack-") as workdir,
        servers.throwaway_database(kind, workdir, label="stack") as url,
    ):
        database = PreparedDatabase(kind=kind, url=url, workdir=workdir, relay=relay, prefix=prefix)
        try:
            env = database.env()
            servers.manage(env, "migrate", "--noinput", "-v", "0")
            servers.manage(env, "seed_demo", "--no-progress")
            if articles:
                servers.manage(env, "seed_demo", "--no-progress", "--articles", str(articles))
                servers.manage(env, "search_index", "rebuild", "--no-progress")
            servers.manage(env, "collectstatic", "--noinput", "-v", "0")
            servers.manage(
                {**env, "DJANGO_SUPERUSER_PASSWORD": SUPERUSER[1]},
                "createsuperuser",
                "--noinput",
                "--username",
                SUPERUSER[0],
                "--email",
                "stackadmin@example.invalid",
            )
            yield database
        finally:
            relay.close()
            servers.forget_redis_keys(servers.REDIS_URL, prefix, *database.extra_prefixes)


@contextlib.contextmanager
def running_stack(database, name="gunicorn"):
    """gunicorn on ``database``, its access log naming the worker process of every answer."""
    access_log = database.workdir / f"{name}-access.log"
    with servers.gunicorn(
        database.env(),
        database.workdir / f"{name}.log",
        extra_args=("--access-logfile", str(access_log), "--access-logformat", ACCESS_LOG_FORMAT),
    ) as server:
        yield Stack(database=database, server=server, access_log=access_log)


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


def admin_session(stack):
    """Cookies of a signed-in superuser (a session made the way Django's login makes one, with
    the server's own SECRET_KEY; the staff login form asks for a captcha a test cannot read)."""
    code = f"""
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
user = get_user_model().objects.get(username={SUPERUSER[0]!r})
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print(store.session_key)
"""
    session = servers.manage(stack.server.env, "shell", "--no-imports", "-c", code).stdout.strip().splitlines()[-1]
    return {"sessionid": session}


def admin_post(stack, cookies, form_path, data, post_path=None, probe=None):
    """GET a Wagtail admin form, then POST ``data`` to it with its CSRF token, as a browser does."""
    jar = dict(cookies)
    form = stack.get(form_path, headers={"Cookie": _cookie_header(jar)})
    assert form.status == 200, (form_path, form.status, form.text[:500])
    token = re.search(r"csrftoken=([^;]+)", form.headers.get("Set-Cookie", ""))
    if token:
        jar["csrftoken"] = token.group(1)
    return stack.request(
        "POST",
        post_path or form_path,
        headers={"Cookie": _cookie_header(jar), "Content-Type": "application/x-www-form-urlencoded"},
        data={"csrfmiddlewaretoken": CSRF_FIELD.search(form.text).group(1), **data},
        probe=probe,
    )


def _cookie_header(jar):
    return "; ".join(f"{name}={value}" for name, value in jar.items())
