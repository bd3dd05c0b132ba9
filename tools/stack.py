"""The production stack on loopback, from the checkout: nginx → gunicorn → PostgreSQL + Redis.

nginx runs the site rendered from deploy/nginx/ (the production templates, loopback values:
``tools.nginx_conf``) as an ordinary process with everything (pid, temporary files, page cache,
logs, a throw-away TLS certificate) in a run directory; gunicorn runs deploy/gunicorn.conf.py
with ``thidua_site.settings.production``. ``make serve`` is ``python -m tools.stack serve``.

API (used by ``make serve``, the stack tests and the benchmarks)::

    from tools.stack import running_stack

    # make serve's own database (DATABASE_URL, default PostgreSQL ``thidua_serve``), created,
    # migrated, seeded with the demo accounts and indexed when missing:
    with running_stack() as stack:
        stack.nginx_url      # http://127.0.0.1:<port>, the site as readers get it (page cache, limits)
        stack.gunicorn_url   # gunicorn alone, behind nothing
        stack.https_url      # the TLS server block (self-signed certificate)
        stack.run_dir        # logs/, conf/, cache/, static/ …

    # an environment the caller prepared (database migrated, static files collected):
    with running_stack(env=env, workers=2, nginx_port=18080) as stack: ...

    # nginx alone in front of any upstream (tests use a small double):
    with running_nginx("127.0.0.1:9000", run_dir, static_root=…, media_root=…) as nginx: nginx.url

Ports default to free ones. Requires nginx and libnginx-mod-http-cache-purge (``nginx_missing()`` says
what is absent), openssl for the certificate.
"""

import argparse
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
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tools import nginx_conf

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Debian's libnginx-mod-http-cache-purge.
PURGE_MODULE = Path(os.environ.get("NGINX_CACHE_PURGE_MODULE", "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"))
SERVE_DIR = ROOT / "var" / "serve"
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/thidua_serve"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEMO_LOGINS = (
    ("admin", "thidua-admin", "quản trị (superuser)"),
    ("bientap", "thidua-demo", "Biên tập viên"),
    ("duyetbai", "thidua-demo", "Duyệt bài"),
    ("truyenthong", "thidua-demo", "Truyền thông"),
)
# Inherited variables that would point a child at someone else's services or paths.
_INHERITED_OUT = {
    "DATABASE_URL",
    "REDIS_URL",
    "STATS_REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "SEARCH_INDEX_DIR",
    "CACHE_KEY_PREFIX",
    "STATS_REDIS_PREFIX",
    "CAPTCHA_TEST_MODE",
}


def nginx_missing():
    """Why the stack cannot run here (a sentence), or ``None`` when nginx and the purge module are installed."""
    if not Path(NGINX).exists():
        return "nginx is not installed (apt-get install nginx libnginx-mod-http-cache-purge)"
    if not PURGE_MODULE.exists():
        return f"the cache purge module is missing ({PURGE_MODULE}; apt-get install libnginx-mod-http-cache-purge)"
    if not shutil.which("openssl"):
        return "openssl is not installed (it makes the stack's throw-away TLS certificate)"
    return None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _python(*args):
    return [sys.executable, "-B", *args]


def _wait_for(url, process, log_path, timeout=90):
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=10).close()
            return
        except urllib.error.HTTPError:
            return  # it answers; the status is the caller's business
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log = Path(log_path).read_text(errors="replace")[-4000:] if Path(log_path).exists() else ""
                raise RuntimeError(f"{url} did not answer:\n{log}") from None
            time.sleep(0.1)


def _stop(process, first_signal=signal.SIGTERM, timeout=30):
    if process.poll() is not None:
        return
    os.killpg(process.pid, first_signal)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


# --- nginx ------------------------------------------------------------------------------------


@dataclass
class Nginx:
    port: int
    https_port: int
    http_port: int
    run_dir: Path
    process: subprocess.Popen = field(repr=False)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def https_url(self):
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def http_url(self):
        """The plain-HTTP server block (ACME challenge, redirect to HTTPS)."""
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def error_log(self):
        return self.run_dir / "logs" / "nginx-error.log"

    def reload(self):
        """Re-read the rendered files (``kill -HUP``), as ``systemctl reload nginx`` does."""
        self.process.send_signal(signal.SIGHUP)


def _self_signed_certificate(directory):
    cert, key = directory / "selfsigned.crt", directory / "selfsigned.key"
    if not cert.exists():
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
            + ["-days", "30", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]
            + ["-keyout", str(key), "-out", str(cert)],
            check=True,
            capture_output=True,
        )
    return cert, key


def render_local_nginx(
    run_dir, *, upstream, port, https_port, http_port, static_root, media_root, purge_from, limit_exempt=""
):
    """The production templates rendered for loopback into ``run_dir``, plus the main nginx.conf
    a root-less nginx needs (Debian's /etc/nginx/nginx.conf is the production one). Returns its path."""
    run_dir = Path(run_dir)
    for sub in ("conf", "logs", "cache", "tmp", "tls"):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    cert, key = _self_signed_certificate(run_dir / "tls")
    values = nginx_conf.production_values(
        run_dir / "conf",
        SERVER_NAME="127.0.0.1 localhost",
        UPSTREAM=upstream,
        HTTP_LISTEN=f"127.0.0.1:{http_port}",
        HTTPS_LISTEN=f"127.0.0.1:{https_port}",
        HTTPS_PORT_SUFFIX=f":{https_port}",
        LOOPBACK_LISTEN=f"127.0.0.1:{port}",
        LOOPBACK_PROTO="http",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        CACHE_DIR=str(run_dir / "cache"),
        LOG_DIR=str(run_dir / "logs"),
        ACME_ROOT=str(run_dir / "acme"),
        PURGE_FROM=purge_from,
        LIMIT_EXEMPT=limit_exempt,
        TLS_CERTIFICATE=str(cert),
        TLS_CERTIFICATE_KEY=str(key),
    )
    nginx_conf.render(run_dir / "conf", values)
    tmp = run_dir / "tmp"
    # As root (containers, CI) nginx would hand its workers to "nobody", who cannot read the
    # run directory; a local stack keeps them as the user that started it.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    main = f"""# Written by tools.stack: nginx without root, everything under {run_dir}.
load_module {PURGE_MODULE};
{user}worker_processes 2;
daemon off;
pid {run_dir}/nginx.pid;
error_log {run_dir}/logs/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {run_dir}/conf/thidua.conf;
}}
"""
    (run_dir / "nginx.conf").write_text(main)
    return run_dir / "nginx.conf"


@contextlib.contextmanager
def running_nginx(
    upstream,
    run_dir,
    *,
    static_root,
    media_root,
    port=None,
    https_port=None,
    http_port=None,
    purge_from="127.0.0.1 ::1",
    limit_exempt="",
):
    """nginx with the production site in front of ``upstream`` (``host:port`` or ``unix:/path``);
    ``limit_exempt``: addresses the request limits do not count (a load generator)."""
    reason = nginx_missing()
    if reason:
        raise RuntimeError(reason)
    run_dir = Path(run_dir)
    port, https_port, http_port = port or free_port(), https_port or free_port(), http_port or free_port()
    conf = render_local_nginx(
        run_dir,
        upstream=upstream,
        port=port,
        https_port=https_port,
        http_port=http_port,
        static_root=static_root,
        media_root=media_root,
        purge_from=purge_from,
        limit_exempt=limit_exempt,
    )
    command = [NGINX, "-p", str(run_dir), "-c", str(conf), "-e", str(run_dir / "logs" / "nginx-error.log")]
    check = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t refused {conf}:\n{check.stderr}")
    log_path = run_dir / "logs" / "nginx-stderr.log"
    with open(log_path, "a") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    nginx = Nginx(port=port, https_port=https_port, http_port=http_port, run_dir=run_dir, process=process)
    try:
        _wait_for_port(port, process, log_path)
        yield nginx
    finally:
        _stop(process, signal.SIGQUIT, timeout=15)  # graceful: finish what is in flight


def _wait_for_port(port, process, log_path, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"nginx did not listen on {port}:\n{Path(log_path).read_text(errors='replace')}"
                ) from None
            time.sleep(0.05)


# --- gunicorn ---------------------------------------------------------------------------------


@contextlib.contextmanager
def running_gunicorn(env, run_dir, *, port=None, workers=2, threads=None, extra_args=(), wait_for="/robots.txt"):
    """gunicorn with deploy/gunicorn.conf.py on 127.0.0.1:``port``; logs in ``run_dir``/logs."""
    port = port or free_port()
    logs = Path(run_dir) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    child_env = {
        **env,
        "PYTHONDONTWRITEBYTECODE": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_ACCESS_LOG": str(logs / "gunicorn-access.log"),
    }
    if threads:
        child_env["GUNICORN_THREADS"] = str(threads)
    log_path = logs / "gunicorn.log"
    with open(log_path, "a") as log:
        process = subprocess.Popen(
            _python("-m", "gunicorn", "-c", str(GUNICORN_CONF), *extra_args, "thidua_site.wsgi:application"),
            cwd=ROOT,
            env=child_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(f"http://127.0.0.1:{port}{wait_for}", process, log_path)
        yield port, process
    finally:
        _stop(process)


# --- the application's environment and data -----------------------------------------------------


def local_env(run_dir, *, nginx_url, database_url=None, redis_url=None, prefix="thidua-serve"):
    """Production settings for loopback: HTTPS redirect off, paths in ``run_dir``, a SECRET_KEY
    kept in the run directory (sessions survive a restart of ``make serve``)."""
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    key_file = run_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    env = {key: value for key, value in os.environ.items() if key not in _INHERITED_OUT}
    origins = [nginx_url, nginx_url.replace("127.0.0.1", "localhost")]
    env.update(
        DJANGO_SETTINGS_MODULE="thidua_site.settings.production",
        SECRET_KEY=key_file.read_text().strip(),
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS=",".join(origins),
        WAGTAILADMIN_BASE_URL=nginx_url,
        # Production requires somewhere to send mail and error reports; on loopback both are
        # printed by gunicorn (workflow notifications, 500 reports) unless the caller set them.
        EMAIL_URL=os.environ.get("EMAIL_URL") or "console://",
        DEFAULT_FROM_EMAIL=os.environ.get("DEFAULT_FROM_EMAIL") or "Thi đua – Khen thưởng <no-reply@localhost>",
        ADMINS=os.environ.get("ADMINS") or "quantri@localhost",
        DATABASE_URL=database_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        REDIS_URL=redis_url or os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
        STATS_REDIS_PREFIX=f"{prefix}:stats:",
        FRONTEND_CACHE_URL=os.environ.get("FRONTEND_CACHE_URL") or nginx_url,
        STATIC_ROOT=str(run_dir / "static"),
        MEDIA_ROOT=str(run_dir / "media"),
        SEARCH_INDEX_DIR=str(run_dir / "search"),
    )
    return env


def manage(env, *args, say=None):
    if say:
        say(f"  manage.py {' '.join(args)}")
    result = subprocess.run(_python("manage.py", *args), cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return result.stdout


def _ensure_postgres_database(url):
    """Create the PostgreSQL database ``url`` names when the server does not have it yet."""
    if not url.startswith("postgres"):
        return False
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    name = name.split("?", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def prepare(env, *, site_url, say=print):
    """What an operator does once, done when missing: database, migrations, demo content with
    the demo accounts (seeded with the development settings on the same database and media:
    seed_demo creates demo accounts only under DEBUG, which production refuses), search index,
    static files."""
    if _ensure_postgres_database(env["DATABASE_URL"]):
        say(f"  created database {env['DATABASE_URL'].rsplit('/', 1)[1]}")
    manage(env, "migrate", "--noinput", "-v", "0", say=say)
    seeded = manage(
        env, "shell", "--no-imports", "-c", "from news.models import ArticlePage; print(ArticlePage.objects.exists())"
    )
    if seeded.strip().splitlines()[-1] != "True":
        debug_env = {**env, "DJANGO_SETTINGS_MODULE": "thidua_site.settings.dev", "DEBUG": "1"}
        manage(debug_env, "seed_demo", "--with-demo-users", "--no-progress", "--site-url", site_url, say=say)
        manage(debug_env, "seed_honours", say=say)
        manage(env, "search_index", "rebuild", "--no-progress", say=say)
    manage(env, "collectstatic", "--noinput", "-v", "0", say=say)


@dataclass
class Stack:
    run_dir: Path
    env: dict
    nginx: Nginx
    gunicorn_port: int
    gunicorn_process: subprocess.Popen = field(repr=False)

    @property
    def nginx_url(self):
        return self.nginx.url

    @property
    def https_url(self):
        return self.nginx.https_url

    @property
    def gunicorn_url(self):
        return f"http://127.0.0.1:{self.gunicorn_port}"

    @property
    def logs(self):
        return self.run_dir / "logs"


@contextlib.contextmanager
def running_stack(
    env=None,
    *,
    run_dir=None,
    nginx_port=None,
    gunicorn_port=None,
    https_port=None,
    http_port=None,
    workers=2,
    threads=None,
    purge_from="127.0.0.1 ::1",
    limit_exempt="",
    gunicorn_args=(),
    say=lambda message: None,
):
    """gunicorn behind nginx. Without ``env``: ``make serve``'s environment (``local_env``), its
    database prepared when missing. With ``env``: used as given (database ready, STATIC_ROOT
    collected); STATIC_ROOT and MEDIA_ROOT are what nginx serves. ``run_dir`` defaults to a
    temporary directory removed afterwards."""
    with contextlib.ExitStack() as cleanup:
        if run_dir is None:
            run_dir = Path(tempfile.mkdtemp(prefix="thidua-stack-"))
            cleanup.callback(shutil.rmtree, run_dir, ignore_errors=True)
        run_dir = Path(run_dir)
        nginx_port = nginx_port or free_port()
        gunicorn_port = gunicorn_port or free_port()
        if env is None:
            env = local_env(run_dir, nginx_url=f"http://127.0.0.1:{nginx_port}")
            prepare(env, site_url=f"http://127.0.0.1:{nginx_port}", say=say)
        say(f"  gunicorn: {workers} workers on 127.0.0.1:{gunicorn_port}")
        port, process = cleanup.enter_context(
            running_gunicorn(
                env, run_dir, port=gunicorn_port, workers=workers, threads=threads, extra_args=gunicorn_args
            )
        )
        say(f"  nginx on 127.0.0.1:{nginx_port}")
        nginx = cleanup.enter_context(
            running_nginx(
                f"127.0.0.1:{port}",
                run_dir,
                static_root=env["STATIC_ROOT"],
                media_root=env["MEDIA_ROOT"],
                port=nginx_port,
                https_port=https_port,
                http_port=http_port,
                purge_from=purge_from,
                limit_exempt=limit_exempt,
            )
        )
        yield Stack(run_dir=run_dir, env=env, nginx=nginx, gunicorn_port=port, gunicorn_process=process)


def serve(args):
    reason = nginx_missing()
    if reason:
        print(f"Không chạy được: {reason}", file=sys.stderr)
        return 1
    # Ctrl-C even when started in the background of a script (where SIGINT comes in ignored),
    # and SIGTERM (systemd, a CI runner), stop as cleanly.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    print(f"Chuẩn bị (thư mục chạy {args.run_dir}) …", flush=True)
    try:
        with running_stack(
            run_dir=args.run_dir,
            nginx_port=args.nginx_port,
            gunicorn_port=args.gunicorn_port,
            https_port=args.https_port,
            http_port=args.http_port,
            workers=args.workers,
            say=lambda message: print(message, flush=True),
        ) as stack:
            print(
                f"""
  Site (nginx, bộ nhớ đệm trang): {stack.nginx_url}/
  HTTPS (chứng chỉ tự ký):        {stack.https_url}/
  gunicorn trực tiếp:             {stack.gunicorn_url}/
  Quản trị:                       {stack.nginx_url}/admin/
  Nhật ký:                        {stack.logs}/
  Cơ sở dữ liệu:                  {stack.env["DATABASE_URL"]}
""",
                flush=True,
            )
            for username, password, role in DEMO_LOGINS:
                print(f"  {username:<12} {password:<14} {role}")
            print("\n  Ctrl-C để dừng.", flush=True)
            while stack.gunicorn_process.poll() is None and stack.nginx.process.poll() is None:
                time.sleep(0.5)
            print("Một tiến trình đã dừng bất ngờ; xem nhật ký.", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("\nĐã dừng nginx và gunicorn.")
        return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description="The production stack on loopback (nginx → gunicorn).")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="run until Ctrl-C (make serve)")
    serve_parser.add_argument("--nginx-port", type=int, default=int(os.environ.get("NGINX_PORT", 8080)))
    serve_parser.add_argument("--gunicorn-port", type=int, default=int(os.environ.get("GUNICORN_PORT", 8001)))
    serve_parser.add_argument("--https-port", type=int, default=int(os.environ.get("HTTPS_PORT", 8443)))
    serve_parser.add_argument("--http-port", type=int, default=int(os.environ.get("HTTP_PORT", 8081)))
    serve_parser.add_argument("--workers", type=int, default=int(os.environ.get("GUNICORN_WORKERS", 2)))
    serve_parser.add_argument("--run-dir", type=Path, default=SERVE_DIR)
    args = parser.parse_args(argv)
    return serve(args)


if __name__ == "__main__":
    sys.exit(main())
