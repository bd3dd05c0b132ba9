"""Public search on a benchmark corpus, end to end, with Wagtail's stock backend beside it.

``python -m benchmarks.search --label 100000 --json results.jsonl`` (``make bench-search``),
on a database loaded by ``benchmarks.corpus_load`` (``DATABASE_URL``) and a throw-away
``SEARCH_INDEX_DIR``. It measures, in this order:

(a) ``search_index rebuild`` in a child process: wall time, its peak memory, and the size
    of ``SEARCH_INDEX_DIR`` on disk afterwards;
(b) p50/p95 per query type through the JSON API in this process (Django's test
    ``Client``, production settings, ``DEBUG`` off): the common phrase "thi đua", a rare
    name, a four-word phrase, queries typed without accents, queries with facets, and
    suggestions. No Django cache answers for the engine: the API has no cache middleware
    or page cache (checked), and every request is counted on its way into the engine;
(c) the same query types on Wagtail's database backend (``ArticlePage.objects.live()
    .search(...)``, ``.autocomplete(...)`` for suggestions), each query stopped after
    ``--stock-cap`` seconds (its time is then a lower bound);
(d) gunicorn with 4 workers as production runs it: each worker's RSS freshly booted and
    after 1,000 searches spread across them (the access log says which worker answered);
(e) a full ``search_index rebuild`` while the 4 workers answer searches without pause:
    responses, responses ≥ 500, and wrong answers. The corpus does not change, so every
    answer must equal the one given before the rebuild (count and the set of first-page
    URLs; for suggestions the set of URLs).

It only relies on stable contracts (the JSON API, ``search_index rebuild --no-progress``,
``DATABASE_URL``, ``SEARCH_INDEX_DIR``), so any engine behind them can be measured.
Prints a table and appends one JSON line (``"kind": "search"``) to ``--json``;
``benchmarks.search_chart`` and ``benchmarks.search_report`` draw and write it up.
"""

import datetime as dt
import gc
import json
import os
import platform
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import warnings
from collections import Counter, defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand

from benchmarks.corpus import COMMON_PHRASE, FOUR_WORDS, RARE_NAME, UNACCENTED, fold, grouped, planted
from tests import servers

SEARCH = "/api/search/"
SUGGEST = "/api/search/suggest/"
# Query types, each with a few variants (order: how the table and the chart list them).
QUERY_TYPES = {
    "common_phrase": [{"q": COMMON_PHRASE}, {"q": "phong trào thi đua"}, {"q": "khen thưởng"}],
    "rare_name": [{"q": RARE_NAME}, {"q": RARE_NAME.split()[-1]}],
    "four_words": [{"q": FOUR_WORDS}, {"q": "cải cách hành chính"}],
    "unaccented": [{"q": fold(text)} for text in (COMMON_PHRASE, UNACCENTED, RARE_NAME, FOUR_WORDS)],
    "facets": [
        {"q": COMMON_PHRASE, "campaign": "chuyen-doi-so-hanh-chinh"},
        {"q": "khen thưởng", "year": "2023"},
        {"q": COMMON_PHRASE, "tag": "chuyen-doi-so"},
        {"q": FOUR_WORDS, "campaign": "lao-cai-nong-thon-moi", "year": "2024", "sort": "newest"},
    ],
    "suggest": [{"q": "thi đ"}, {"q": "khen th"}, {"q": "lò thị x"}, {"q": "chuyen doi"}, {"q": "tiết kiệm đi"}],
}
# Queries aimed at a planted needle (benchmarks.corpus.planted), typed with or without accents.
NEEDLE_PHRASES = {"rare_name": RARE_NAME, "four_words": FOUR_WORDS, "unaccented": UNACCENTED}
NEEDLE_QUERIES = {
    RARE_NAME: "rare_name",
    fold(RARE_NAME): "rare_name",
    FOUR_WORDS: "four_words",
    fold(FOUR_WORDS): "four_words",
    fold(UNACCENTED): "unaccented",
}
TYPE_LABELS = {
    "common_phrase": "cụm phổ biến “thi đua” / common phrase",
    "rare_name": "tên hiếm / rare name",
    "four_words": "cụm bốn từ / four-word phrase",
    "unaccented": "gõ không dấu / accent-free",
    "facets": "kèm bộ lọc / with facets",
    "suggest": "gợi ý / suggest",
}
OWN_PREFIX = f"thidua-bench-{uuid.uuid4().hex[:8]}"  # this process's cache keys in Redis, removed at the end
TARGETS = {"p95_ms": 30, "rss_added_mb": 150, "rebuild_s": 300}


def percentile(values, fraction):
    """Nearest-rank percentile (p95 of 20 values is the 19th)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def summary(timings):
    if not timings:
        return {"n": 0, "p50_ms": None, "p95_ms": None}
    return {
        "n": len(timings),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "max_ms": round(max(timings), 2),
    }


def path_of(kind, params):
    return (SUGGEST if kind == "suggest" else SEARCH) + "?" + urllib.parse.urlencode(params)


def answer_key(kind, payload):
    """What must not change while the index is rebuilt over the same corpus."""
    if kind == "suggest":
        return ("suggest", tuple(sorted(item["url"] for item in payload["suggestions"])))
    return (payload["count"], tuple(sorted(hit["url"] for hit in payload["results"])))


def difference(want, got):
    """A wrong answer, for the report: counts, and a few URLs that went missing or appeared."""
    return {
        "expected": want[0],
        "got": got[0],
        "missing": sorted(set(want[1]) - set(got[1]))[:3],
        "extra": sorted(set(got[1]) - set(want[1]))[:3],
    }


def article_text(page):
    """Title, sapo and the stored body text of an article (accents as written)."""
    return f"{page.title}\n{page.sapo}\n{json.dumps(list(page.body.raw_data), ensure_ascii=False)}"


def all_queries():
    return [(kind, params) for kind, variants in QUERY_TYPES.items() for params in variants]


# --- environment ---------------------------------------------------------------------
def use_production_settings():
    """Production settings for this process (set before Django starts) and its children."""
    warnings.filterwarnings("ignore", message="No directory at")  # no collected static files: the API needs none
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua_site.settings.production")
    os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_hex(24))
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("REDIS_URL", servers.REDIS_URL)
    os.environ.setdefault("CACHE_KEY_PREFIX", OWN_PREFIX)
    hosts = os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1")
    os.environ["ALLOWED_HOSTS"] = ",".join(dict.fromkeys([*hosts.split(","), "testserver"]))


def machine():
    info = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(terse=True),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    return info


def directory_size(path):
    """Bytes of the files under ``path``: as listed, and as allocated on disk (``du``)."""
    listed = allocated = files = 0
    for root, _, names in os.walk(path):
        for name in names:
            try:
                stat = os.lstat(os.path.join(root, name))
            except FileNotFoundError:
                continue
            files += 1
            listed += stat.st_size
            allocated += stat.st_blocks * 512
    return {"files": files, "mb": round(listed / 2**20, 1), "disk_mb": round(allocated / 2**20, 1)}


def run_manage_timed(env, *args):
    """``manage.py …`` in a child process: (seconds, peak RSS in MB, output)."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            servers.python("manage.py", *args), cwd=servers.ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        output.seek(0)
        text = output.read().decode(errors="replace")
    if process.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed ({process.returncode}):\n{text[-4000:]}")
    return seconds, usage.ru_maxrss / 1024, text


# --- worker processes ----------------------------------------------------------------
def memory_available_mb():
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def worker_pids(master):
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
    except FileNotFoundError:
        return []
    return sorted(int(pid) for pid in text.split())


def memory_of(pid):
    """(RSS, PSS) in MB; PSS shares pages mapped by several workers among them."""
    rss = pss = None
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, pss


def booted_workers(master, count, timeout=120):
    """Worker pids once ``count`` of them exist and their memory stopped growing (app loaded)."""
    deadline = time.monotonic() + timeout
    previous = None
    while time.monotonic() < deadline:
        pids = worker_pids(master)
        if len(pids) == count:
            sizes = [memory_of(pid)[0] for pid in pids]
            steady = previous and previous[0] == pids
            if steady and all(abs(a - b) < 0.5 for a, b in zip(sizes, previous[1], strict=True)):
                return pids
            previous = (pids, sizes)
        time.sleep(1.0)
    raise RuntimeError(f"gunicorn did not boot {count} workers in {timeout} s")


def http_get(base_url, path, timeout=60):
    """(status or None on a connection error, JSON payload or None, milliseconds)."""
    request = urllib.request.Request(base_url + path, headers={"Connection": "close"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = json.loads(response.read())
            status = response.status
    except urllib.error.HTTPError as error:
        status, payload = error.code, None
    except (OSError, ValueError):
        status, payload = None, None
    return status, payload, (time.perf_counter() - started) * 1000


def count_calls(engine, methods):
    """Count calls into the engine (proves no cache answered in front of it); None if it refuses."""
    calls = Counter()
    for method in methods:
        original = getattr(engine, method)

        def counted(*args, _original=original, _method=method, **kwargs):
            calls[_method] += 1
            return _original(*args, **kwargs)

        try:
            setattr(engine, method, counted)
        except AttributeError:
            return None
    return calls


class Command(BaseCommand):
    help = (
        "Đo tìm kiếm công khai trên kho bài đo: lập chỉ mục, độ trễ theo loại truy vấn (so với backend gốc "
        "của Wagtail), bộ nhớ mỗi worker gunicorn, lập lại chỉ mục khi đang phục vụ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--label", default="")
        parser.add_argument("--json", dest="json_path", help="Nối một dòng JSON kết quả vào tệp này.")
        parser.add_argument("--repeat", type=int, default=30, help="Lần đo mỗi truy vấn qua API (công cụ).")
        parser.add_argument("--stock-repeat", type=int, default=3, help="Lần đo tối đa mỗi truy vấn (backend gốc).")
        parser.add_argument(
            "--stock-cap",
            type=float,
            default=10.0,
            help="Giây tối đa cho một truy vấn của backend gốc; truy vấn bị cắt tính bằng mức trần (cận dưới).",
        )
        parser.add_argument("--skip-stock", action="store_true", help="Không đo backend gốc.")
        parser.add_argument("--skip-workers", action="store_true", help="Không chạy gunicorn (bỏ (d), (e)).")
        parser.add_argument("--workers", type=int, default=4)
        parser.add_argument("--threads", type=int, default=4, help="Luồng mỗi worker gunicorn.")
        parser.add_argument("--searches", type=int, default=1000, help="Số lượt tìm trước khi đo RSS worker.")
        parser.add_argument("--clients", type=int, default=4, help="Luồng khách gửi truy vấn đồng thời.")
        parser.add_argument("--settle", type=float, default=5.0, help="Giây tiếp tục tải sau khi lập lại xong.")
        parser.add_argument("--force-workers", action="store_true", help="Chạy (d), (e) dù có thể thiếu bộ nhớ.")
        parser.add_argument("--command-line", default="", help="Lệnh đã chạy, ghi vào kết quả (make bench-search).")

    def handle(self, *args, label, json_path, command_line, **options):
        from django.conf import settings
        from django.db import connection

        from news.models import ArticlePage

        self.options = options
        self.planted_total = {}
        self.started = time.perf_counter()
        database_url = os.environ.get("DATABASE_URL")
        index_dir = getattr(settings, "SEARCH_INDEX_DIR", "") or ""
        if not database_url or not os.environ.get("SEARCH_INDEX_DIR"):
            self.stderr.write("Cần DATABASE_URL (kho đã nạp) và SEARCH_INDEX_DIR (thư mục bỏ đi được).")
            sys.exit(2)
        articles = ArticlePage.objects.live().count()
        if not articles:
            self.stderr.write("Cơ sở dữ liệu chưa có bài: chạy python -m benchmarks.corpus_load trước.")
            sys.exit(2)
        result = {
            "kind": "search",
            "label": label or str(articles),
            "articles": articles,
            "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "command": command_line or " ".join(["python -m benchmarks.search", *sys.argv[1:]]),
            "settings": settings.SETTINGS_MODULE,
            "database": connection.vendor,
            "machine": machine(),
        }
        self.say(f"[{result['label']}] {grouped(articles)} bài, {connection.vendor}, {settings.SETTINGS_MODULE}")
        with servers.scratch_directory("thidua-bench-search-") as workdir:
            env = servers.production_env(
                database_url,
                workdir,
                SEARCH_INDEX_DIR=index_dir,
                REDIS_URL=os.environ.get("REDIS_URL", servers.REDIS_URL),
                CACHE_KEY_PREFIX=f"thidua-bench-{uuid.uuid4().hex[:8]}",
                ALLOWED_HOSTS="127.0.0.1,localhost",
            )
            try:
                result["build"] = self.measure_build(env, index_dir)
                result["engine"] = self.engine_name()
                rss_before = memory_of(os.getpid())[0]
                result["latency"] = self.measure_latency()
                engine_mb = memory_of(os.getpid())[0] - rss_before
                result["in_process"] = {
                    "rss_added_mb": round(engine_mb),
                    "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                }
                self.forget_engine()
                reason = "--skip-workers" if options["skip_workers"] else None
                reason = reason or self.too_big_for_workers(engine_mb, result["build"]["peak_rss_mb"])
                if reason:
                    self.say(f"(d), (e) bỏ qua: {reason}")
                    result["workers"] = result["rebuild_under_load"] = {"skipped": reason}
                    return self.finish(result, json_path)
                with servers.gunicorn(
                    env,
                    workdir / "gunicorn.log",
                    workers=options["workers"],
                    threads=options["threads"],
                    wait_for=None,
                    extra_args=(
                        "--access-logfile",
                        str(workdir / "access.log"),
                        "--access-logformat",
                        "%(p)s %(s)s",
                    ),
                ) as server:
                    result["workers"] = self.measure_workers(server, workdir / "access.log")
                    result["rebuild_under_load"] = self.measure_rebuild_under_load(server, env, index_dir)
            finally:
                # Only the keys under this run's own prefixes: the machine's Redis is shared, and
                # Django's cache.clear() would be FLUSHDB on all of it.
                prefixes = [
                    env["CACHE_KEY_PREFIX"],
                    *([OWN_PREFIX] if os.environ.get("CACHE_KEY_PREFIX") == OWN_PREFIX else []),
                ]
                servers.forget_redis_keys(env["REDIS_URL"], *prefixes)
        self.finish(result, json_path)

    def finish(self, result, json_path):
        result["targets"] = TARGETS
        result["wall_s"] = round(time.perf_counter() - self.started, 1)
        self.print_table(result)
        if json_path:
            with open(json_path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(result, ensure_ascii=False) + "\n")

    def forget_engine(self):
        """Drop this process's engine before the workers start: its memory is theirs to use."""
        from search import engines

        engine = engines.get_engine()
        if hasattr(engine, "reset"):
            engine.reset()
        if hasattr(engines.get_engine, "cache_clear"):
            engines.get_engine.cache_clear()
        del engine
        gc.collect()

    def too_big_for_workers(self, engine_mb, build_mb):
        """Why (d) and (e) would not fit in this machine's memory, or ``None``.

        Each worker holds what the engine added to this process, and (e) runs a rebuild
        beside them. A shared development machine must not be pushed into swapping or the
        OOM killer; ``--force-workers`` runs them anyway.
        """
        available = memory_available_mb()
        need = self.options["workers"] * max(engine_mb, 0) + build_mb
        if self.options["force_workers"] or available is None or need < 0.7 * available:
            return None
        return (
            f"cần khoảng {need:.0f} MB ({self.options['workers']} worker × {engine_mb:.0f} MB chỉ mục trong bộ nhớ "
            f"+ {build_mb:.0f} MB lập lại), máy còn {available:.0f} MB; --force-workers để vẫn chạy"
        )

    def say(self, text):
        self.stdout.write(text)
        self.stdout.flush()

    def engine_name(self):
        from search.engines import get_engine

        return getattr(get_engine(), "name", type(get_engine()).__name__)

    # --- (a) ---------------------------------------------------------------------------
    def measure_build(self, env, index_dir):
        self.say("(a) search_index rebuild …")
        seconds, peak_mb, output = run_manage_timed(env, "search_index", "rebuild", "--no-progress")
        size = directory_size(index_dir)
        self.say(f"    {seconds:.1f} s, RAM tối đa {peak_mb:.0f} MB, chỉ mục {size['disk_mb']} MB")
        return {"seconds": round(seconds, 1), "peak_rss_mb": round(peak_mb), "index": size, "output": output.strip()}

    # --- (b) and (c) -------------------------------------------------------------------
    def measure_latency(self):
        from django.conf import settings
        from django.test import Client

        from search.engines import get_engine

        caching = [m for m in settings.MIDDLEWARE if "cache" in m.lower() and "middleware" in m.lower()]
        engine = get_engine()
        calls = count_calls(engine, ("search", "suggest"))
        client = Client()
        self.say("(b) API trong tiến trình …")
        started = time.perf_counter()
        first = client.get(path_of("common_phrase", QUERY_TYPES["common_phrase"][0]))
        cold_ms = (time.perf_counter() - started) * 1000
        if first.status_code != 200:
            raise RuntimeError(f"API trả {first.status_code}: {first.content[:500]!r}")
        latency, requests = {}, 0
        for kind, variants in QUERY_TYPES.items():
            timings, answers, found = [], [], []
            for params in variants:
                path = path_of(kind, params)
                response = client.get(path)  # first answer: what the engine finds (not timed)
                requests += 1
                payload = response.json()
                answers.append(len(payload["suggestions"]) if kind == "suggest" else payload["count"])
                if kind != "suggest":
                    found.append(self.needle_found(params, [hit["url"] for hit in payload["results"]]))
                for _ in range(self.options["repeat"]):
                    started = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - started) * 1000)
                    requests += 1
                    if response.status_code != 200:
                        raise RuntimeError(f"{path} → {response.status_code}")
            latency[kind] = {"engine": {**summary(timings), "hits": answers, "needles": found}}
            self.say(f"    {kind:<14} p50 {latency[kind]['engine']['p50_ms']:>8} ms  p95 "
                     f"{latency[kind]['engine']['p95_ms']:>8} ms  kết quả {answers}  kim {found}")  # fmt: skip
        latency["_checks"] = {
            "cold_first_request_ms": round(cold_ms, 1),
            "repeat": self.options["repeat"],
            "cache_middleware": caching,
            "api_requests": requests + 1,
            "engine_calls": None if calls is None else sum(calls.values()),
        }
        if calls is not None and sum(calls.values()) != requests + 1:
            self.say(f"    CHÚ Ý: {requests + 1} yêu cầu nhưng công cụ chỉ nhận {sum(calls.values())} lượt")
        if not self.options["skip_stock"]:
            self.say(f"(c) backend gốc của Wagtail (trần {self.options['stock_cap']:g} s mỗi truy vấn) …")
            for kind, variants in QUERY_TYPES.items():
                latency[kind]["stock"] = self.measure_stock(kind, variants)
                stock = latency[kind]["stock"]
                self.say(f"    {kind:<14} p50 {stock['p50_ms']:>8} ms  p95 {stock['p95_ms']:>8} ms  "
                         f"bị cắt {stock['capped']}  kết quả {stock['hits']}")  # fmt: skip
        return latency

    def stock_queryset(self, kind, params):
        from news.models import ArticlePage, CampaignPage

        queryset = ArticlePage.objects.live()
        if params.get("campaign"):
            campaign = CampaignPage.objects.filter(slug=params["campaign"]).values_list("pk", flat=True).first()
            queryset = queryset.filter(campaign_id=campaign or -1)
        if params.get("year"):
            year = int(params["year"])
            start = dt.datetime(year, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            queryset = queryset.filter(published_at__gte=start, published_at__lt=start.replace(year=year + 1))
        if params.get("tag"):
            tagged = ArticlePage.objects.filter(tagged_items__tag__slug=params["tag"]).values("pk")
            queryset = queryset.filter(id__in=tagged)
        if kind == "suggest":
            return queryset.autocomplete(params["q"])
        if params.get("sort") == "newest":
            return queryset.order_by("-published_at").search(params["q"], order_by_relevance=False)
        return queryset.search(params["q"])

    def timed_stock_query(self, kind, params):
        """One stock query, interrupted after ``--stock-cap`` s: (ms, hits or None when cut)."""
        from django.db import DatabaseError, connection, transaction

        cap = self.options["stock_cap"]
        connection.ensure_connection()
        raw = connection.connection
        timer = threading.Timer(cap, raw.interrupt) if connection.vendor == "sqlite" else None
        started = time.perf_counter()
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL statement_timeout = %s", [int(cap * 1000)])
                if timer:
                    timer.start()
                results = self.stock_queryset(kind, params)
                first = list(results[: 8 if kind == "suggest" else 10])
                hits = len(first) if kind == "suggest" else results.count()
        except DatabaseError:
            hits, first = None, []
        finally:
            if timer:
                timer.cancel()
        return (time.perf_counter() - started) * 1000, hits, first

    def measure_stock(self, kind, variants):
        timings, hits, needles, capped = [], [], [], 0
        for params in variants:
            found, first = None, []
            for _ in range(self.options["stock_repeat"]):
                elapsed, count, first = self.timed_stock_query(kind, params)
                timings.append(elapsed)
                if count is None:
                    capped += 1
                    break  # a cut query would only be cut again
                found = count
                if elapsed > 3000:
                    break  # slow enough: one sample says it
            hits.append(found)
            if kind != "suggest":
                urls = [f"/{page.slug}/" for page in first]
                needles.append(self.needle_found(params, urls) if found is not None else None)
        summary_ = {**summary(timings), "capped": capped, "cap_s": self.options["stock_cap"], "hits": hits}
        return {**summary_, "needles": needles}

    def needle_found(self, params, urls):
        """[planted articles on the first page, how many could be] for a query aimed at a needle, else None.

        The first page's articles are read back and searched for the phrase as it was planted
        (accents included, whatever the reader typed), so a hit that only matches scattered or
        folded look-alike words does not count.
        """
        from news.models import ArticlePage

        name = NEEDLE_QUERIES.get(params["q"])
        if name is None or len(params) > 1:
            return None
        phrase = NEEDLE_PHRASES[name]
        slugs = [url.rstrip("/").rsplit("/", 1)[-1] for url in urls if url]
        pages = ArticlePage.objects.filter(slug__in=slugs).only("title", "sapo", "body")
        found = sum(phrase in article_text(page) for page in pages)
        if name not in self.planted_total:
            articles = ArticlePage.objects.live().count()
            self.planted_total[name] = sum(name in planted(number) for number in range(articles))
        return [found, min(10, self.planted_total[name])]

    # --- (d) ---------------------------------------------------------------------------
    def measure_workers(self, server, access_log):
        count = self.options["workers"]
        self.say(f"(d) gunicorn {count} worker × {self.options['threads']} luồng: RSS lúc mới khởi động …")
        pids = booted_workers(server.process.pid, count)
        fresh = {pid: memory_of(pid) for pid in pids}
        queries = all_queries()
        jobs = [path_of(*queries[n % len(queries)]) for n in range(self.options["searches"])]
        statuses = Counter()
        lock = threading.Lock()

        def client(share):
            for path in share:
                status, _, _ = http_get(server.base_url, path)
                with lock:
                    statuses[status] += 1

        clients = max(1, self.options["clients"] * 2)
        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(jobs[n::clients],)) for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
        lines = access_log.read_text().splitlines()
        served = Counter(int(line.split()[0].strip("<>")) for line in lines if line.strip())  # "<pid> status"
        workers = []
        for pid in pids:
            rss, pss = memory_of(pid)
            workers.append(
                {
                    "pid": pid,
                    "requests": served.get(pid, 0),
                    "rss_fresh_mb": round(fresh[pid][0]),
                    "rss_mb": round(rss),
                    "rss_added_mb": round(rss - fresh[pid][0]),
                    "pss_mb": round(pss) if pss is not None else None,
                }
            )
            self.say(
                f"    worker {pid}: {served.get(pid, 0)} lượt, RSS {fresh[pid][0]:.0f} → {rss:.0f} MB "
                f"(+{rss - fresh[pid][0]:.0f}), PSS {pss or 0:.0f} MB"
            )
        return {
            "count": count,
            "threads": self.options["threads"],
            "searches": len(jobs),
            "seconds": round(seconds, 1),
            "statuses": {str(k): v for k, v in statuses.items()},
            "per_worker": workers,
        }

    # --- (e) ---------------------------------------------------------------------------
    def measure_rebuild_under_load(self, server, env, index_dir):
        self.say("(e) lập lại chỉ mục trong khi 4 worker đang trả lời …")
        queries = all_queries()
        expected, inconsistent = {}, []
        for kind, params in queries:
            path = path_of(kind, params)
            keys = set()
            for _ in range(self.options["workers"] + 1):
                status, payload, _ = http_get(server.base_url, path)
                if status != 200:
                    raise RuntimeError(f"{path} → {status} trước khi lập lại chỉ mục")
                keys.add(answer_key(kind, payload))
            if len(keys) > 1:
                inconsistent.append(path)
            expected[path] = (kind, sorted(keys)[0])
        size_before = directory_size(index_dir)
        phase = {"name": "before"}
        tally = defaultdict(Counter)
        timings = defaultdict(list)
        wrong_examples = []
        stop = threading.Event()
        lock = threading.Lock()
        paths = list(expected)

        def client(offset):
            n = offset
            while not stop.is_set():
                path = paths[n % len(paths)]
                n += 1
                kind, want = expected[path]
                status, payload, ms = http_get(server.base_url, path)
                with lock:
                    name = phase["name"]
                    counts = tally[name]
                    counts["responses" if status is not None else "errors"] += 1
                    timings[name].append(ms)
                    if status is not None and status >= 500:
                        counts["status_5xx"] += 1
                    elif status == 200:
                        got = answer_key(kind, payload)
                        if got != want:
                            counts["wrong"] += 1
                            if len(wrong_examples) < 5:
                                wrong_examples.append({"phase": name, "path": path, **difference(want, got)})
                    elif status is not None:
                        counts["status_other"] += 1

        threads = [threading.Thread(target=client, args=(n * 7,), daemon=True) for n in range(self.options["clients"])]
        for thread in threads:
            thread.start()
        time.sleep(2.0)
        with lock:
            phase["name"] = "during"
        seconds, peak_mb, _ = run_manage_timed(env, "search_index", "rebuild", "--no-progress")
        with lock:
            phase["name"] = "after"
        time.sleep(self.options["settle"])
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        phases = {}
        for name in ("before", "during", "after"):
            counts = tally[name]
            phases[name] = {
                "responses": counts["responses"],
                "status_5xx": counts["status_5xx"],
                "status_other": counts["status_other"],
                "errors": counts["errors"],
                "wrong": counts["wrong"],
                **{k: v for k, v in summary(timings[name]).items() if k != "n"},
            }
        total = {key: sum(p[key] for p in phases.values()) for key in ("responses", "status_5xx", "wrong", "errors")}
        self.say(
            f"    lập lại {seconds:.1f} s; {total['responses']} phản hồi, {total['status_5xx']} ≥ 500, "
            f"{total['wrong']} sai, {total['errors']} lỗi kết nối"
        )
        return {
            "seconds": round(seconds, 1),
            "peak_rss_mb": round(peak_mb),
            "clients": self.options["clients"],
            "settle_s": self.options["settle"],
            "queries": len(paths),
            "baseline_inconsistent": inconsistent,
            **total,
            "phases": phases,
            "wrong_examples": wrong_examples,
            "index_before": size_before,
            "index_after": directory_size(index_dir),
        }

    # --- output --------------------------------------------------------------------------
    def print_table(self, result):
        latency = result["latency"]
        self.say("")
        self.say(f"Tìm kiếm / search — {grouped(result['articles'])} bài, công cụ {result['engine']}")
        self.say(f"{'loại truy vấn / query type':<40}{'p50':>9}{'p95':>9}{'gốc p50':>11}{'gốc p95':>11}  kết quả")
        for kind in QUERY_TYPES:
            engine = latency[kind]["engine"]
            stock = latency[kind].get("stock", {})
            capped = "≥" if stock.get("capped") else ""
            self.say(
                f"{TYPE_LABELS[kind]:<40}{engine['p50_ms']:>9}{engine['p95_ms']:>9}"
                f"{capped + str(stock.get('p50_ms', '–')):>11}{capped + str(stock.get('p95_ms', '–')):>11}"
                f"  {engine['hits']}"
            )
        build = result["build"]
        self.say(
            f"Lập chỉ mục / index build: {build['seconds']} s, {build['index']['disk_mb']} MB trên đĩa; "
            f"yêu cầu đầu tiên (nạp chỉ mục) {latency['_checks']['cold_first_request_ms']} ms"
        )
        for worker in result["workers"].get("per_worker", []):
            self.say(
                f"Worker {worker['pid']}: {worker['requests']} lượt, RSS {worker['rss_mb']} MB "
                f"(+{worker['rss_added_mb']} MB so với lúc mới khởi động), PSS {worker['pss_mb']} MB"
            )
        rebuild = result["rebuild_under_load"]
        if "skipped" in rebuild:
            self.say(f"Worker và lập lại khi đang phục vụ: bỏ qua ({rebuild['skipped']})")
            return
        self.say(
            f"Lập lại khi đang phục vụ / rebuild under load: {rebuild['seconds']} s, {rebuild['responses']} phản hồi, "
            f"{rebuild['status_5xx']} ≥ 500, {rebuild['wrong']} sai / wrong, {rebuild['errors']} lỗi kết nối"
        )


def main():
    use_production_settings()
    from benchmarks import run_command

    run_command(Command)


if __name__ == "__main__":
    main()
