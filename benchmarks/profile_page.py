"""Where one uncached page spends its time, in-process, on a database seeded by ``stack_bench``.

``python -m benchmarks.profile_page --reuse /tmp/thidua-bench-stack-XXXX /path/ [/path/ ...]
[--requests 200] [--profile]``

Production settings and the seeded run's environment (database, Redis prefixes), the Django
tier of the page cache off (``PAGE_CACHE_SECONDS=0``) as in the benchmark's uncached rows;
fragments cached as in production. For each path: warm-up requests, then ``--requests`` timed
ones through Django's full handler (every middleware), p50 and mean in ms and the queries one
request makes; ``--profile`` adds cProfile's top functions by own time and by cumulative time.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", required=True, help="thư mục làm việc của stack_bench --keep")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)

    saved = json.loads((Path(args.reuse) / "bench.json").read_text())
    os.environ.update(saved["env"])
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for path in args.paths:
        for _ in range(10):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        # Django empties the query log when a request starts (reset_queries): read it after one.
        connection.force_debug_cursor = True
        client.get(path)
        queries = list(connection.queries)
        connection.force_debug_cursor = False
        times = []
        profiler = cProfile.Profile() if args.profile else None
        for _ in range(args.requests):
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            client.get(path)
            if profiler:
                profiler.disable()
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"{path}: p50 {statistics.median(times):.2f} ms, mean {statistics.fmean(times):.2f} ms, "
            f"{len(queries)} queries, {len(response.content):,} bytes",
            flush=True,
        )
        for query in queries:
            print(f"    {query['time']}s {query['sql'][:220]}")
        if profiler:
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(35)
                print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
