"""``make bench``: seed a throw-away database, start the production stack, run ``benchmarks.http``.

``python -m benchmarks.stack_bench --articles 100000 [--database postgres|sqlite] [--seconds 10]``

1. a new database (PostgreSQL by default, dropped afterwards) and a scratch directory for media,
   static files and the search index;
2. ``seed``: ``migrate``; the search benchmark's corpus (``benchmarks.corpus_load``: campaigns,
   tags, reporters, the demo seeder's 12 real JPEG photos shared by every article so renditions
   are made on first view, N articles of realistic text through the bulk path); ``search_index
   rebuild`` (SearchDocument rows and the tantivy index); ``collectstatic``. Each phase is
   timed and shows progress;
3. the stack twice from ``tools.stack`` (nginx + gunicorn, production settings, the same Redis
   prefixes so the beacon's counts are read back from the store it writes): once as deployed,
   whose nginx is the *cached* URL, once with ``PAGE_CACHE_SECONDS=0``, whose gunicorn is the
   *uncached* URL;
4. ``benchmarks.http.run``: results in ``bench-results/`` (``http.md``, ``http.png``, ``http.jsonl``).

Seeding 100,000 articles takes a while (about 12 minutes of loading and 3 of indexing on two
cores, dev measurement at 10,000: 70 s + 20 s): ``--keep`` keeps the database and prints how to
run the benchmark again on it with ``--reuse``.
"""

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

from benchmarks import http
from tests import servers

ROOT = Path(__file__).resolve().parent.parent
NOISE = ("Task id=", "Page edited:", "Published:", "AXES: BEGIN")


def step(log, title, command, env):
    """A child process with its progress bars on this terminal; returns its wall time."""
    log(f"== {title}")
    started = time.monotonic()
    # Progress bars (stderr) pass through; Wagtail's per-task INFO lines (production logging) do not.
    with subprocess.Popen(servers.python(*command), cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) as child:
        for line in child.stdout:
            if not line.startswith(NOISE):
                print(line, end="", flush=True)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command)
    seconds = time.monotonic() - started
    log(f"   {title}: {seconds:.1f} s")
    return round(seconds, 1)


def seed(env, articles, log=print):
    """A complete site with ``articles`` articles in ``env``'s database; the phases' wall times."""
    env = {**env, "PYTHONDONTWRITEBYTECODE": "1"}
    return {
        "migrate_s": step(log, "migrate", ["manage.py", "migrate", "--noinput", "-v", "0"], env),
        "load_s": step(
            log,
            f"nạp {articles:,} bài (benchmarks.corpus_load)",
            ["-m", "benchmarks.corpus_load", "--articles", str(articles)],
            env,
        ),
        "search_rebuild_s": step(log, "search_index rebuild", ["manage.py", "search_index", "rebuild"], env),
        "collectstatic_s": step(log, "collectstatic", ["manage.py", "collectstatic", "--noinput", "-v", "0"], env),
    }


def bench_env(database_url, workdir, run_id):
    """Production settings with every writable path in ``workdir`` and Redis keys under this run's prefixes."""
    return servers.production_env(
        database_url,
        workdir,
        REDIS_URL=servers.REDIS_URL,
        CACHE_KEY_PREFIX=f"thidua-bench-{run_id}",
        STATS_REDIS_PREFIX=f"thidua-bench-{run_id}:stats:",
    )


@contextlib.contextmanager
def stack_urls(env, settings):
    """(cached URL, uncached URL, counts URL) of two stacks from ``tools.stack``.

    The only place that knows ``tools.stack``'s interface: adjust here if it changes.
    """
    try:
        from tools.stack import running_stack
    except ImportError as error:
        raise SystemExit(
            f"Không nhập được tools.stack ({error}). Chạy stack bằng cách khác rồi đo trực tiếp:\n"
            "  python -m benchmarks.http --cached-url http://127.0.0.1:<nginx> --uncached-url http://127.0.0.1:<gunicorn>"
        ) from error
    shape = {"workers": settings.gunicorn_workers, "threads": settings.gunicorn_threads}
    with (
        # wrk is one address standing for thousands of readers: exempt from the per-address limits.
        running_stack(env=env, limit_exempt="127.0.0.1", **shape) as deployed,
        running_stack(env={**env, "PAGE_CACHE_SECONDS": "0"}, **shape) as uncached,
    ):
        yield deployed.nginx_url, uncached.gunicorn_url, uncached.gunicorn_url


def article_count(env):
    code = "from news.models import ArticlePage; print(ArticlePage.objects.count())"
    return int(servers.manage(env, "shell", "-c", code).stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--seconds", type=int, default=10, help="mỗi lượt wrk")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=4, help="luồng mỗi worker (gthread, như deploy/gunicorn.conf.py)"
    )
    parser.add_argument("--seed-only", action="store_true", help="chỉ nạp dữ liệu (kèm --keep)")
    parser.add_argument("--keep", action="store_true", help="giữ cơ sở dữ liệu và thư mục làm việc")
    parser.add_argument("--reuse", help="thư mục làm việc của một lần --keep trước: bỏ qua bước nạp")
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--out", default="bench-results")
    args = parser.parse_args(argv)
    for tool in ("nginx", "wrk"):
        if shutil.which(tool) is None:
            sys.exit(f"Cần {tool}: apt-get install {tool}")
    # The deployed shape (deploy/gunicorn.conf.py: gthread workers), the bare-WSGI ceiling the same.
    settings = http.Settings(
        seconds=args.seconds,
        gunicorn_workers=args.workers,
        gunicorn_threads=args.threads,
        gunicorn_worker_class="gthread" if args.threads > 1 else "sync",
    )
    log = lambda text: print(text, flush=True)  # noqa: E731

    with contextlib.ExitStack() as cleanup:
        if args.reuse:
            workdir = Path(args.reuse)
            saved = json.loads((workdir / "bench.json").read_text())
            env, run_id, timings = saved["env"], saved["run_id"], saved["seed"]
            # The code may have moved on since the seeding (new migrations, static files).
            quiet = {**env, "PYTHONDONTWRITEBYTECODE": "1"}
            step(log, "migrate", ["manage.py", "migrate", "--noinput", "-v", "0"], quiet)
            step(log, "collectstatic", ["manage.py", "collectstatic", "--noinput", "-v", "0"], quiet)
        else:
            run_id = uuid.uuid4().hex[:8]
            if args.keep:
                workdir = Path(f"/tmp/thidua-bench-stack-{run_id}")
                workdir.mkdir(parents=True)
                database_url = cleanup.enter_context(_kept_database(args.database, workdir, run_id))
            else:
                workdir = cleanup.enter_context(servers.scratch_directory("thidua-bench-stack-"))
                database_url = cleanup.enter_context(servers.throwaway_database(args.database, workdir, "bench"))
            env = bench_env(database_url, workdir, run_id)
            started = time.monotonic()
            timings = seed(env, args.articles, log)
            timings["total_s"] = round(time.monotonic() - started, 1)
            (workdir / "bench.json").write_text(json.dumps({"env": env, "run_id": run_id, "seed": timings}))
            log(f"Nạp xong trong {timings['total_s']:.0f} s: {timings}")
            if args.keep:
                log(f"Giữ lại {workdir}: đo lại bằng `python -m benchmarks.stack_bench --reuse {workdir}`; "
                    f"xoá bằng `rm -rf {workdir}` và DROP DATABASE trong {database_url}.")  # fmt: skip
        cleanup.callback(
            servers.forget_redis_keys, servers.REDIS_URL, env["CACHE_KEY_PREFIX"], env["STATS_REDIS_PREFIX"]
        )
        if args.seed_only:
            return 0
        articles = article_count(env)
        database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        with stack_urls(env, settings) as (cached_url, uncached_url, counts_url):
            _, summary = http.run(
                cached_url,
                uncached_url,
                counts_url=counts_url,
                settings=settings,
                only=args.only,
                out_dir=args.out,
                label=f"{articles:,} bài, {database}",
                meta={
                    "articles": articles,
                    "database": database,
                    "seed": timings,
                    "command_line": " ".join(
                        ["python -m benchmarks.stack_bench", *(argv if argv is not None else sys.argv[1:])]
                    ),
                },
                log=log,
            )
    return 0 if summary["all_pass"] else 1


@contextlib.contextmanager
def _kept_database(kind, workdir, run_id):
    """Like ``servers.throwaway_database`` but left in place for ``--reuse``."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'db.sqlite3'}"
        return
    import psycopg

    name = f"thidua_bench_{run_id}"
    with psycopg.connect(servers.POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield servers.POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
