"""Latency of public search on the current database: embedded engine vs Wagtail's stock backend.

``python -m benchmarks.search --label 10000 --json results.jsonl`` (``make bench-search``).

The query mix leans on what makes Vietnamese search slow: syllables found in
nearly every article ("thi đua"), typed with and without accents, next to
medium and rare phrases and a query that finds nothing.
"""

import json
import resource
import statistics
import threading
import time

from django.core.management.base import BaseCommand

QUERY_MIX = [
    "thi dua",
    "thi đua",
    "khen thuong",
    "khen thưởng",
    "dang bo",
    "Đảng bộ",
    "lao cai",
    "chuyen doi so",
    "cải cách hành chính",
    "khoi thi dua",
    "khoi thi dua so 5",
    "huan chuong lao dong",
    "bang khen thu tuong",
    "nong thon moi lao cai",
    "chien si thi dua co so",
    "dien hinh tien tien",
    "giao uoc thi dua nam 2024",
    "sang kien tiet kiem",
    "nguoi tot viec tot",
    "zzz khong co ket qua",
]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


class Command(BaseCommand):
    help = "Đo độ trễ tìm kiếm (p50/p95): công cụ nhúng so với backend cơ sở dữ liệu mặc định của Wagtail."

    def add_arguments(self, parser):
        parser.add_argument("--label", default="")
        parser.add_argument("--repeat", type=int, default=10, help="Lần chạy mỗi truy vấn cho công cụ nhúng.")
        parser.add_argument("--stock-repeat", type=int, default=1, help="Lần chạy mỗi truy vấn cho backend gốc.")
        parser.add_argument("--json", dest="json_path", help="Ghi kết quả ra tệp JSON.")
        parser.add_argument(
            "--stock-cap",
            type=float,
            default=10.0,
            help="Giây tối đa cho một truy vấn của backend gốc; truy vấn bị cắt tính bằng mức trần (cận dưới).",
        )

    def timed_stock_query(self, backend, query, cap):
        """Run one stock query; on SQLite interrupt it after ``cap`` seconds (then its time is a lower bound)."""
        from django.db import DatabaseError, connection

        from news.models import ArticlePage

        connection.ensure_connection()
        raw = connection.connection
        timer = threading.Timer(cap, raw.interrupt) if hasattr(raw, "interrupt") else None
        if timer:
            timer.start()
        started = time.perf_counter()
        try:
            results = backend.search(query, ArticlePage.objects.live())
            list(results[:10])
            results.count()
            finished = True
        except DatabaseError:
            finished = False
        finally:
            if timer:
                timer.cancel()
        return (time.perf_counter() - started) * 1000, finished

    def handle(self, *args, label, repeat, stock_repeat, json_path, stock_cap, **options):
        from wagtail.search.backends import get_search_backend

        from news.models import ArticlePage
        from search.engines.base import parse_request
        from search.engines.embedded import EmbeddedEngine

        articles = ArticlePage.objects.live().count()
        engine = EmbeddedEngine()
        started = time.perf_counter()
        engine._ready()
        load_seconds = time.perf_counter() - started
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        embedded = []
        for query in QUERY_MIX:
            request = parse_request({"q": query})
            engine.search(request)
            for _ in range(repeat):
                started = time.perf_counter()
                engine.search(request)
                embedded.append((time.perf_counter() - started) * 1000)

        backend = get_search_backend()
        stock, capped = [], []
        for query in QUERY_MIX:
            for _ in range(stock_repeat):
                elapsed, finished = self.timed_stock_query(backend, query, stock_cap)
                stock.append(elapsed)
                if not finished:
                    capped.append(query)

        summary = {
            "label": label,
            "articles": articles,
            "queries": len(QUERY_MIX),
            "embedded_load_s": round(load_seconds, 2),
            "max_rss_mb": round(rss_mb),
            "embedded_p50_ms": round(statistics.median(embedded), 2),
            "embedded_p95_ms": round(percentile(embedded, 0.95), 2),
            "stock_p50_ms": round(statistics.median(stock), 1),
            "stock_p95_ms": round(percentile(stock, 0.95), 1),
        }
        summary["stock_capped_queries"] = sorted(set(capped))
        summary["stock_cap_s"] = stock_cap
        summary["speedup_p50"] = round(summary["stock_p50_ms"] / max(summary["embedded_p50_ms"], 0.01), 1)
        summary["speedup_p95"] = round(summary["stock_p95_ms"] / max(summary["embedded_p95_ms"], 0.01), 1)
        self.stdout.write(
            f"[{label}] {articles} bài · nhúng: p50 {summary['embedded_p50_ms']} ms, "
            f"p95 {summary['embedded_p95_ms']} ms "
            f"(nạp {summary['embedded_load_s']} s, RSS {summary['max_rss_mb']} MB) · Wagtail gốc: p50 "
            f"{summary['stock_p50_ms']} ms, p95 {summary['stock_p95_ms']} ms · nhanh hơn ×{summary['speedup_p50']} "
            f"(p50) / ×{summary['speedup_p95']} (p95)"
        )
        if capped:
            self.stdout.write(
                f"  Backend gốc: {len(set(capped))} truy vấn bị cắt ở {stock_cap:g} s (số đo của nó là cận dưới): "
                + ", ".join(sorted(set(capped)))
            )
        if json_path:
            with open(json_path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(summary, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    from benchmarks import run_command

    run_command(Command)
