"""The site under ``wrk``, each page beside its ceilings measured in the same run (``make bench``).

``python -m benchmarks.http --cached-url http://127.0.0.1:8080 --uncached-url http://127.0.0.1:8001``
against a running stack, or ``benchmarks.http.run(...)`` from ``benchmarks.stack_bench``.

- **cached**: through nginx (``--cached-url``) after a warm-up; nginx's ``X-Cache-Status``
  is counted on every answer, so a "cached" figure that was really served by Django shows
  up as a low HIT share instead of a flattering number;
- **uncached**: straight to a gunicorn whose Django page cache is off (``PAGE_CACHE_SECONDS=0``,
  ``--uncached-url``): every request renders the page;
- **ceilings**, run right after each measurement, with the exact bytes the site answered
  (fetched once, written to a scratch directory): nginx serving them as static files with the
  same worker settings (for cached pages), and ``benchmarks.bare_wsgi`` in gunicorn with the
  same workers and worker class (for uncached pages). A ratio is the site's req/s over its
  ceiling's, both measured on the same machine minutes apart, so the machine's speed cancels;
- **beacon**: the visit beacon POSTed through nginx, one new visitor per hit; the stored total
  must grow by exactly what the server accepted;
- **slow clients**: 10 connections to nginx trickling headers or bodies or never reading,
  held for the whole run; a response ≥ 500 anywhere fails the run.

Only the standard library, wrk and nginx: the stack may run anywhere the URLs reach.
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import wrk
from benchmarks.slow_clients import SlowClients
from tools.stack import free_port

ROOT = Path(__file__).resolve().parent.parent
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36"
BEACON_PATH = "/api/stats/hit/"
COUNTS_PATH = "/api/stats/"
COUNTS_TTL = 5  # stats.views.COUNTS_TTL: the figures are cached this long

# Targets from issue #12.
CACHED_RATIO = 0.5
UNCACHED_RATIO = 0.03
UNCACHED_TARGET_PAGES = ("home", "article")
P99_MS = 50.0
BEACON_HITS_PER_S = 1000.0


@dataclass
class Page:
    name: str
    path: str
    label: str


@dataclass
class Settings:
    seconds: int = 10
    connections: int = 16
    p99_connections: int = 64
    threads: int = 2
    warmup_seconds: int = 2
    slow_clients: int = 10
    gunicorn_workers: int = 2
    gunicorn_threads: int = 1  # 1 = sync workers, as the issue measures
    gunicorn_worker_class: str = "sync"
    nginx_workers: str = "auto"
    nginx_worker_connections: int = 4096
    nginx_access_log: bool = False  # True when the stack's nginx logs every request: the ceiling logs too
    extra: dict = field(default_factory=dict)


# --- fetching ---------------------------------------------------------------------------
def fetch(url, method="GET", data=None, headers=None, timeout=60):
    """(status, headers, body) without raising on 4xx/5xx."""
    request = urllib.request.Request(url, data=data, method=method, headers={"User-Agent": BROWSER, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def discover(base_url):
    """The benchmarked pages of a seeded site: a campaign and an article linked from the home
    page, a tag linked from that article, and the article's page id (for the beacon)."""
    status, _, home = fetch(base_url + "/")
    if status != 200:
        raise RuntimeError(f"Trang chủ trả về {status}: site chưa chạy hoặc chưa có dữ liệu.")
    html = home.decode("utf-8", "replace")
    articles = re.findall(r'href="(/phong-trao/[^/"]+/[^/"]+/)"', html)
    campaigns = re.findall(r'href="(/phong-trao/[^/"]+/)"', html)
    if not articles or not campaigns:
        raise RuntimeError("Trang chủ không có liên kết tới phong trào và bài viết: hãy nạp dữ liệu trước.")
    article = articles[0]
    _, _, article_html = fetch(base_url + article)
    article_html = article_html.decode("utf-8", "replace")
    tags = re.findall(r'href="(/chu-de/[^/"]+/)"', article_html)
    page_id = re.search(r'data-page="(\d+)"', article_html)
    pages = [
        Page("home", "/", "Trang chủ"),
        Page("campaign", campaigns[0], "Phong trào"),
        Page("article", article, "Bài viết"),
    ]
    if tags:
        pages.append(Page("tag", tags[0], "Chủ đề"))
    pages += [
        Page("rss", "/rss/", "RSS"),
        Page("search_page", "/tim-kiem/?q=thi+dua", "Trang tìm kiếm"),
        Page("search_api", "/api/search/?q=thi+dua", "API tìm kiếm"),
    ]
    return pages, (page_id.group(1) if page_id else "")


def warm_up(base_url, page, tries=30):
    """Ask until nginx answers from its cache (or, without the header, a few times); returns the last state.

    A page that fails (status other than 200, or no answer within a minute) raises: it is
    left out of the run and the run fails, rather than wrk timing an error page.
    """
    state = None
    for attempt in range(tries):
        try:
            status, headers, _ = fetch(base_url + page.path)
        except OSError as error:  # timeouts included
            raise RuntimeError(f"{page.path}: không trả lời ({error})") from error
        if status != 200:
            raise RuntimeError(f"{page.path}: trả về {status} khi làm nóng bộ đệm")
        state = headers.get("X-Cache-Status")
        if state == "HIT" or (state is None and attempt >= 2):
            return state
        time.sleep(0.2)
    return state


# --- ceilings ---------------------------------------------------------------------------
def snapshot(base_url, pages, directory, beacon=True):
    """Write the bytes ``base_url`` answers for each page into ``directory`` (files + manifest.json),
    for the static nginx and the bare WSGI app; the beacon's answer is an empty 204."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for page in pages:
        status, headers, body = fetch(base_url + page.path)
        (directory / page.name).write_bytes(body)
        manifest[page.path] = {
            "name": page.name,
            "file": page.name,
            "status": status,
            "reason": "OK" if status == 200 else "Other",
            "content_type": headers.get("Content-Type", "text/html; charset=utf-8"),
            "bytes": len(body),
        }
    if beacon:
        (directory / "beacon").write_bytes(b"")
        manifest[BEACON_PATH] = {
            "name": "beacon",
            "file": "beacon",
            "status": 204,
            "reason": "No Content",
            "content_type": "",
            "bytes": 0,
        }
    (directory / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.chmod(directory, 0o755)  # nginx's workers run as another user
    for path in directory.iterdir():
        os.chmod(path, 0o644)
    return manifest


def wait_listening(port, process, what, log, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = Path(log).read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{what} không khởi động được:\n{tail}") from None
            time.sleep(0.1)


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


NGINX_STATIC = """
worker_processes {workers};
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections {worker_connections}; }}
http {{
  # Debian's defaults, as deploy/ starts from: a ceiling tuned beyond the stack's would
  # measure the tuning, not the cache.
  access_log {access_log};
  sendfile on;
  tcp_nopush on;
  client_body_temp_path {dir}/body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  types {{ }}
  server {{
    listen 127.0.0.1:{port};
    root {root};
{locations}
  }}
}}
"""


@contextlib.contextmanager
def static_nginx(snapshot_dir, settings, port=None):
    """nginx serving each snapshot at ``/<page name>`` with the site's content type: the cached pages' ceiling."""
    port = port or free_port()
    manifest = json.loads((Path(snapshot_dir) / "manifest.json").read_text(encoding="utf-8"))
    locations = "\n".join(
        f'    location = /{entry["name"]} {{ default_type "{entry["content_type"] or "text/plain"}"; }}'
        for entry in manifest.values()
    )
    with tempfile.TemporaryDirectory(prefix="thidua-bench-nginx-") as scratch:
        conf = Path(scratch) / "nginx.conf"
        conf.write_text(
            NGINX_STATIC.format(
                workers=settings.nginx_workers,
                worker_connections=settings.nginx_worker_connections,
                access_log=f"{scratch}/access.log" if settings.nginx_access_log else "off",
                dir=scratch,
                port=port,
                root=snapshot_dir,
                locations=locations,
            )
        )
        log = Path(scratch) / "error.log"
        process = subprocess.Popen(
            ["nginx", "-p", scratch, "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=open(log, "a"),  # noqa: SIM115 - lives as long as the process
            start_new_session=True,
        )
        try:
            wait_listening(port, process, "nginx (tĩnh)", log)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)


def gunicorn_args(settings):
    args = ["--workers", str(settings.gunicorn_workers), "--worker-class", settings.gunicorn_worker_class]
    if settings.gunicorn_threads > 1:
        args += ["--threads", str(settings.gunicorn_threads)]
    return args


@contextlib.contextmanager
def bare_wsgi(snapshot_dir, settings, port=None):
    """``benchmarks.bare_wsgi`` in gunicorn, shaped like the site's: the uncached pages' ceiling."""
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="thidua-bench-bare-") as scratch:
        log = Path(scratch) / "gunicorn.log"
        process = subprocess.Popen(
            [
                sys.executable,
                "-B",
                "-m",
                "gunicorn",
                "benchmarks.bare_wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                *gunicorn_args(settings),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env={**os.environ, "BARE_WSGI_DIR": str(snapshot_dir), "PYTHONDONTWRITEBYTECODE": "1"},
            stdout=open(log, "a"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_listening(port, process, "gunicorn (WSGI trần)", log)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)


# --- the visit beacon -------------------------------------------------------------------
def stored_total(counts_url):
    """The store's visit total, read after the counts cache has expired."""
    time.sleep(COUNTS_TTL + 1)
    status, _, body = fetch(counts_url + COUNTS_PATH)
    if status != 200:
        raise RuntimeError(f"{COUNTS_PATH} trả về {status}")
    return json.loads(body)["total"]


def beacon_run(url, counts_url, page_id, settings, connections, log):
    """Hits through nginx, one new visitor each; (WrkResult, exactness record)."""
    before = stored_total(counts_url)
    run_id = uuid.uuid4().hex[:8]
    result, _ = wrk.run(
        url,
        path=BEACON_PATH,
        method="POST",
        body=f"page={page_id}" if page_id else "",
        headers={"Content-Type": "application/x-www-form-urlencoded", "User-Agent": BROWSER},
        beacon=True,
        run_id=run_id,
        connections=connections,
        threads=settings.threads,
        seconds=settings.seconds,
    )
    # Hits wrk left queued reach the store after it stops: a crawler's beacon (answered, never
    # counted, never cached) waits in the same queue behind them.
    with contextlib.suppress(OSError):
        fetch(url + BEACON_PATH, method="POST", data=b"", headers={"User-Agent": "Googlebot/2.1"}, timeout=300)
    after = stored_total(counts_url)
    accepted = result.statuses.get("204", 0)
    stored = after - before
    # A hit still in flight when wrk stops may be stored without wrk reading its 204:
    # the store is exact when it holds every accepted hit and nothing that was not sent.
    exact = accepted <= stored <= result.sent
    record = {"sent": result.sent, "accepted_204": accepted, "stored": stored, "exact": exact}
    log(f"  đèn hiệu: gửi {result.sent}, nhận 204: {accepted}, lưu: {stored} → {'đúng' if exact else 'SAI'}")
    return result, record


# --- the run ------------------------------------------------------------------------------
def settle(url):
    """Wait until gunicorn has worked off what wrk left queued when it stopped.

    Sync workers take queued connections in order, even those wrk has already closed: at 16
    connections and 150 ms a render that is over a second of CPU spilling into the next run
    (its ceiling's) unless something waits for the queue to drain; one more request does.
    """
    with contextlib.suppress(OSError):
        fetch(url + "/robots.txt", timeout=300)


def clean(result, expected="200"):
    """Nothing lost: every request wrk made got the expected answer (no 5xx, no 4xx, no timeout,
    no connection or read error)."""
    return result.socket_errors == 0 and result.statuses.get(expected, 0) == result.requests > 0


def row(page, mode, connections, result, ceiling=None, ceiling_name="", target="", passed=None, **extra):
    ratio = result.rps / ceiling.rps if ceiling and ceiling.rps else None
    return {
        "kind": "http",
        "page": page.name,
        "path": page.path,
        "label": page.label,
        "mode": mode,
        "connections": connections,
        "rps": round(result.rps, 1),
        "p50_ms": round(result.p50_ms, 2),
        "p99_ms": round(result.p99_ms, 2),
        "requests": result.requests,
        "server_errors": result.server_errors,
        "unexpected": result.requests - max(result.statuses.get("200", 0), result.statuses.get("204", 0)),
        "socket_errors": result.socket_errors,
        "statuses": result.statuses,
        "hit_share": None if result.hit_share is None else round(result.hit_share, 4),
        "ceiling": ceiling_name,
        "ceiling_rps": round(ceiling.rps, 1) if ceiling else None,
        "ceiling_p99_ms": round(ceiling.p99_ms, 2) if ceiling else None,
        "ratio": round(ratio, 4) if ratio is not None else None,
        "target": target,
        "pass": passed,
        **extra,
    }


def run(
    cached_url,
    uncached_url,
    *,
    counts_url=None,
    settings=None,
    pages=None,
    only=None,
    out_dir="bench-results",
    label="",
    meta=None,
    log=print,
):
    """Measure every page cached and uncached with its ceilings; write http.jsonl, http.md, http.png.

    ``counts_url``: a server whose ``/api/stats/`` reads the same store the beacon writes
    (default: ``uncached_url``, a gunicorn nginx cannot cache in front of). Returns the rows.
    """
    settings = settings or Settings()
    cached_url, uncached_url = cached_url.rstrip("/"), uncached_url.rstrip("/")
    counts_url = (counts_url or uncached_url).rstrip("/")
    discovered, page_id = discover(cached_url)
    pages = pages or discovered
    if only:
        pages = [page for page in pages if page.name in only]
    pages = list(pages)
    rows, failed = [], {}
    started = time.monotonic()
    w = dict(threads=settings.threads, seconds=settings.seconds)
    with tempfile.TemporaryDirectory(prefix="thidua-bench-bytes-") as scratch:
        cached_bytes, uncached_bytes = Path(scratch) / "cached", Path(scratch) / "uncached"
        for page in list(pages):
            try:
                state = warm_up(cached_url, page)
            except RuntimeError as error:
                failed[page.name] = str(error)
                pages.remove(page)
                log(f"BỎ QUA {error}")
                continue
            log(f"{page.path}: bộ đệm nginx {state or 'không có X-Cache-Status'}")
        snapshot(cached_url, pages, cached_bytes)
        snapshot(uncached_url, pages, uncached_bytes)
        slow = SlowClients(cached_url, count=settings.slow_clients, page="/")
        with (
            slow,
            static_nginx(cached_bytes, settings) as static_url,
            bare_wsgi(uncached_bytes, settings) as bare_url,
        ):
            log(f"{settings.slow_clients} máy khách chậm giữ kết nối tới nginx trong suốt lượt đo.")
            for page in pages:
                log(f"== {page.name} {page.path}")
                wrk.run(cached_url, path=page.path, connections=settings.connections, threads=settings.threads,
                        seconds=settings.warmup_seconds)  # fmt: skip
                cached, _ = wrk.run(cached_url, path=page.path, connections=settings.connections, **w)
                ceiling, _ = wrk.run(static_url, path="/" + page.name, connections=settings.connections, **w)
                ratio = cached.rps / ceiling.rps if ceiling.rps else 0
                hit_ok = cached.hit_share is None or cached.hit_share >= 0.99
                rows.append(
                    row(page, "cached", settings.connections, cached, ceiling, "nginx tĩnh",
                        f"≥ {CACHED_RATIO} trần", ratio >= CACHED_RATIO and hit_ok and clean(cached))
                )  # fmt: skip
                log(_line(rows[-1]))
                tail, _ = wrk.run(cached_url, path=page.path, connections=settings.p99_connections, **w)
                rows.append(
                    row(page, "cached", settings.p99_connections, tail, target=f"p99 ≤ {P99_MS:g} ms",
                        passed=tail.p99_ms <= P99_MS and clean(tail))
                )  # fmt: skip
                log(_line(rows[-1]))
                uncached, _ = wrk.run(uncached_url, path=page.path, connections=settings.connections, **w)
                settle(uncached_url)
                bare, _ = wrk.run(bare_url, path=page.path, connections=settings.connections, **w)
                settle(bare_url)
                ratio = uncached.rps / bare.rps if bare.rps else 0
                targeted = page.name in UNCACHED_TARGET_PAGES
                rows.append(
                    row(page, "uncached", settings.connections, uncached, bare, "WSGI trần",
                        f"≥ {UNCACHED_RATIO} trần" if targeted else "",
                        (ratio >= UNCACHED_RATIO and clean(uncached)) if targeted
                        else (None if clean(uncached) else False))
                )  # fmt: skip
                log(_line(rows[-1]))
            if not only or "beacon" in only:
                beacon_page = Page("beacon", BEACON_PATH, "Đèn hiệu thống kê (POST)")
                log(f"== beacon {BEACON_PATH}")
                for connections in (settings.connections, settings.p99_connections):
                    result, exactness = beacon_run(cached_url, counts_url, page_id, settings, connections, log)
                    bare, _ = wrk.run(
                        bare_url,
                        path=BEACON_PATH,
                        method="POST",
                        body=f"page={page_id}",
                        headers={"Content-Type": "application/x-www-form-urlencoded"},
                        connections=connections,
                        **w,
                    )
                    # The p99 target is the cached pages'; at 64 connections 1,000 hits/s means
                    # 64 ms on average by Little's law, so the beacon's p99 is reported, not judged.
                    passed = result.rps >= BEACON_HITS_PER_S and exactness["exact"] and clean(result, "204")
                    target = f"≥ {BEACON_HITS_PER_S:,.0f}/s, đếm đúng"
                    rows.append(
                        row(beacon_page, "nginx", connections, result, bare, "WSGI trần", target, passed,
                            beacon=exactness)
                    )  # fmt: skip
                    log(_line(rows[-1]))
        slow_summary = slow.summary()
    server_errors = sum(r["server_errors"] for r in rows) + slow_summary["server_errors"]
    summary = {
        "kind": "http-summary",
        "label": label,
        "settings": {k: v for k, v in settings.__dict__.items() if k != "extra"} | settings.extra,
        "slow_clients": slow_summary,
        "server_errors": server_errors,
        "failed_pages": failed,
        "all_pass": all(r["pass"] is not False for r in rows) and server_errors == 0 and not failed,
        "minutes": round((time.monotonic() - started) / 60, 1),
        "machine": machine(),
        **(meta or {}),
    }
    log(f"máy khách chậm: {json.dumps(slow_summary, ensure_ascii=False)}")
    write_results(rows, summary, out_dir, log)
    return rows, summary


def _line(r):
    ceiling = f"  trần {r['ceiling_rps']:8.0f}/s  tỉ lệ {r['ratio']:.3f}" if r["ceiling_rps"] else ""
    hit = f"  HIT {r['hit_share']:.0%}" if r["hit_share"] is not None else ""
    verdict = {True: "ĐẠT", False: "KHÔNG ĐẠT", None: ""}[r["pass"]]
    return (
        f"  {r['mode']:8} c{r['connections']:<3} {r['rps']:8.0f}/s  p50 {r['p50_ms']:6.1f} ms  "
        f"p99 {r['p99_ms']:7.1f} ms{ceiling}{hit}  ≥500: {r['server_errors']}  {r['target']} {verdict}"
    )


def machine():
    info = {"cpus": os.cpu_count()}
    with contextlib.suppress(OSError):
        model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        info["cpu"] = model.group(1).strip() if model else ""
    with contextlib.suppress(OSError):
        info["load_before"] = Path("/proc/loadavg").read_text().split()[:3]
    return info


def write_results(rows, summary, out_dir, log=print):
    from benchmarks import http_report

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "http.jsonl", "a", encoding="utf-8") as handle:
        for record in [*rows, summary]:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    (out / "http.md").write_text(http_report.markdown(rows, summary), encoding="utf-8")
    http_report.chart(rows, summary, out / "http.png")
    log(f"Kết quả: {out / 'http.md'}, {out / 'http.png'}, {out / 'http.jsonl'} (chép sang docs/bench/ để công bố).")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cached-url", required=True, help="nginx trước site (bộ đệm trang bật)")
    parser.add_argument("--uncached-url", required=True, help="gunicorn của site với PAGE_CACHE_SECONDS=0")
    parser.add_argument("--counts-url", help="máy chủ đọc /api/stats/ (mặc định: --uncached-url)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--p99-connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers của site (trần WSGI trần giống vậy)")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn --threads của site (1 = sync)")
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--nginx-workers", default="auto")
    parser.add_argument("--nginx-access-log", action="store_true", help="nginx của stack ghi access log")
    parser.add_argument("--slow-clients", type=int, default=10)
    parser.add_argument("--only", nargs="*", help="chỉ các trang này (home campaign article tag rss ... beacon)")
    parser.add_argument("--out", default="bench-results")
    parser.add_argument("--label", default="")
    args = parser.parse_args(argv)
    settings = Settings(
        seconds=args.seconds,
        connections=args.connections,
        p99_connections=args.p99_connections,
        slow_clients=args.slow_clients,
        gunicorn_workers=args.workers,
        gunicorn_threads=args.threads,
        gunicorn_worker_class=args.worker_class,
        nginx_workers=args.nginx_workers,
        nginx_access_log=args.nginx_access_log,
    )
    if shutil.which("nginx") is None or shutil.which("wrk") is None:
        sys.exit("Cần nginx và wrk (apt-get install nginx wrk).")
    _, summary = run(
        args.cached_url,
        args.uncached_url,
        counts_url=args.counts_url,
        settings=settings,
        only=args.only,
        out_dir=args.out,
        label=args.label,
        meta={"command_line": " ".join(["python -m benchmarks.http", *(argv or sys.argv[1:])])},
    )
    return 0 if summary["all_pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
