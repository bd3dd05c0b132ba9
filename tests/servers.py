"""Real servers for tests: gunicorn as production runs it, on a throw-away database.

Shared by the stack tests (``tests/stack``), the browser journeys (``tests/e2e``) and the
visitor-count load test (``stats/loadtest.py``) so the three start, wait for and stop a
server the same way. Child Pythons run with ``-B`` and ``PYTHONDONTWRITEBYTECODE`` and
every file they write (database, media, collected static, search snapshot, logs) lives
in a temporary directory removed afterwards: a test run leaves the checkout as it was.
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tools.stack import free_port

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/0"
POSTGRES_ADMIN_URL = os.environ.get("CI_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# Inherited variables that would point a child at the developer's own services.
SERVICE_VARIABLES = {
    "DATABASE_URL",
    "REDIS_URL",
    "STATS_REDIS_URL",
    "ELASTICSEARCH_URL",
    "DJANGO_SETTINGS_MODULE",
    "CAPTCHA_TEST_MODE",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "SEARCH_INDEX_DIR",
    "CACHE_KEY_PREFIX",
    "STATS_REDIS_PREFIX",
}


def python(*args):
    """A command line for this interpreter that writes no bytecode into the checkout."""
    return [sys.executable, "-B", *args]


def redis_available(url=REDIS_URL):
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means "not usable here"
        return False


def postgres_available(admin_url=POSTGRES_ADMIN_URL):
    try:
        import psycopg

        with psycopg.connect(admin_url, connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001
        return False


def forget_redis_keys(url, *prefixes):
    """Delete what a run stored under its own prefixes; the machine's Redis keeps everything else."""
    import redis

    client = redis.Redis.from_url(url)
    for prefix in prefixes:
        for key in client.scan_iter(match=f"*{prefix}*", count=1000):
            client.delete(key)


@contextlib.contextmanager
def scratch_directory(prefix="thidua-"):
    directory = tempfile.mkdtemp(prefix=prefix)
    try:
        yield Path(directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextlib.contextmanager
def throwaway_database(kind, directory, label="test"):
    """A database URL nobody else uses: a SQLite file in ``directory``, or a new PostgreSQL
    database on the machine's server, dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{Path(directory) / 'db.sqlite3'}"
        return
    import psycopg

    name = f"thidua_{label}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(database_url, workdir, **overrides):
    """The environment of ``thidua_site.settings.production`` as a deployment sets it,
    with every writable path inside ``workdir``."""
    workdir = Path(workdir)
    env = {key: value for key, value in os.environ.items() if key not in SERVICE_VARIABLES}
    env.update(
        PYTHONDONTWRITEBYTECODE="1",
        DJANGO_SETTINGS_MODULE="thidua_site.settings.production",
        SECRET_KEY="test-" + secrets.token_hex(24),
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
        SEARCH_INDEX_DIR=str(workdir / "search"),
        # Required in production; e-mail (error reports to ADMINS) goes to the server's log.
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        EMAIL_URL="console://",
        DEFAULT_FROM_EMAIL="Thi đua – Khen thưởng <no-reply@thidua.test>",
        ADMINS="Kỹ thuật <kythuat@thidua.test>",
        **ONE_ADDRESS_MANY_READERS,
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


# Test servers see every reader, editor and load generator from 127.0.0.1: the per-address
# limits (core.ratelimits, the beacon's new-visitor cap) would measure the test, not the site.
# The limits themselves are tested in core/tests/test_ratelimits.py and stats/tests/test_minting.py.
ONE_ADDRESS_MANY_READERS = {
    "RATE_LIMIT_SEARCH": "100000/m",
    "RATE_LIMIT_SUGGEST": "100000/m",
    "RATE_LIMIT_CAPTCHA": "100000/m",
    "RATE_LIMIT_LOGIN": "100000/m",
    "RATE_LIMIT_CONSULTATION": "100000/m",
    "STATS_NEW_VISITORS_PER_IP": "100000/m",
}


def manage(env, *args, check=True, timeout=600):
    """``manage.py`` in a child process; a failure raises with the child's own error output."""
    result = subprocess.run(
        python("manage.py", *args), cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result


@dataclass
class Server:
    port: int
    env: dict
    log_path: Path
    process: subprocess.Popen = field(repr=False)

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_until_listening(self, timeout=60):
        """The master has bound the socket: requests queue until a worker takes them."""
        self._wait(lambda: socket.create_connection(("127.0.0.1", self.port), timeout=1).close(), timeout)

    def wait_until_answering(self, path="/robots.txt", timeout=90):
        self._wait(lambda: urllib.request.urlopen(self.base_url + path, timeout=10).close(), timeout)

    def _wait(self, probe, timeout):
        deadline = time.monotonic() + timeout
        while True:
            try:
                probe()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start:\n" + self.log()[-4000:]) from None
                time.sleep(0.1)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@contextlib.contextmanager
def gunicorn(env, log_path, *, port=None, workers=2, threads=4, wait_for="/robots.txt", extra_args=()):
    """``gunicorn thidua_site.wsgi`` as the README recommends (2 workers × 4 threads).

    ``wait_for`` is a path to fetch before handing the server over, or ``None`` to hand it
    over as soon as it listens (no request made: the workers are still cold).
    """
    port = port or free_port()
    log = open(log_path, "a")  # noqa: SIM115 - closed after the server stops
    process = subprocess.Popen(
        python(
            "-m",
            "gunicorn",
            "thidua_site.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "120",
            "--graceful-timeout",
            "10",
            *extra_args,
        ),
        cwd=ROOT,
        env={**env, "PYTHONDONTWRITEBYTECODE": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Server(port=port, env=env, log_path=Path(log_path), process=process)
    try:
        if wait_for:
            server.wait_until_answering(wait_for)
        else:
            server.wait_until_listening()
        yield server
    finally:
        server.stop()
        log.close()
