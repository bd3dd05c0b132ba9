"""Load benchmark for the visit beacon: python -m benchmarks.stats [seconds].

For each store, a fresh database and a real gunicorn server (2 workers × 4 threads), then
``wrk`` posts hits for a fixed time from 2,000 distinct visitors (cookies signed with
the server's SECRET_KEY, as the beacon issues them, handed to the Lua script) and
reports hits/s and latency percentiles; afterwards the four numbers must equal 2,000
exactly (nothing lost).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import django

VISITORS = 2000  # every wrk thread cycles through its share several times: all are sent
THREADS = 2
LUA = r"""
local counter = 0
local thread_id = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(tid + 1)
end
request = function()
  counter = counter + 1
  local n = (counter * THREADS + tid) % VISITORS
  local cookie = COOKIES[n + 1]
  return wrk.format("POST", "/api/stats/hit/", {
    ["Cookie"] = "tdv=" .. cookie,
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "page=" .. (n % 50 + 1))
end
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.status + e.connect + e.read + e.write + e.timeout
  io.write(string.format("RESULT %d %d %.1f %.3f %.3f %.3f\n", summary.requests, errors,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
""".replace("VISITORS", str(VISITORS)).replace("THREADS", str(THREADS))


def run(seconds=15, connections=32):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua_site.settings.test")
    django.setup()
    from benchmarks.loadtest import counts, fresh_database, running_server

    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    from stats.visitors import new_cookie_value

    results = []
    for store, redis_url in (("redis", "redis://127.0.0.1:6379/0"), ("database (SQLite)", "")):
        with fresh_database("sqlite") as database_url, running_server(database_url, redis_url) as (port, env):
            cookies = ",".join(f'"{new_cookie_value(env["SECRET_KEY"])}"' for _ in range(VISITORS))
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                script.write(f"COOKIES = {{{cookies}}}\n" + LUA)
            output = subprocess.run(
                [
                    "wrk",
                    "-t",
                    "2",
                    "-c",
                    str(connections),
                    "-d",
                    f"{seconds}s",
                    "-s",
                    script.name,
                    f"http://127.0.0.1:{port}/",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            requests, errors, rate, p50, p95, p99 = re.search(
                r"RESULT (\S+) (\S+) (\S+) (\S+) (\S+) (\S+)", output
            ).groups()
            Path(script.name).unlink()
            figures = counts(port)
            expected = VISITORS if int(requests) >= 3 * VISITORS else None
            result = {
                "store": store,
                "seconds": seconds,
                "connections": connections,
                "hits": int(requests),
                "errors": int(errors),
                "hits_per_s": float(rate),
                "p50_ms": float(p50),
                "p95_ms": float(p95),
                "p99_ms": float(p99),
                "counts": figures,
                "lost": {name: expected - value for name, value in figures.items()} if expected else "too few hits",
            }
            results.append(result)
            print(
                f"{store:18} {result['hits_per_s']:8.0f} hits/s  p50 {result['p50_ms']:.1f} ms  "
                f"p95 {result['p95_ms']:.1f} ms  "
                f"p99 {result['p99_ms']:.1f} ms  errors {result['errors']}  counts {figures}  lost {result['lost']}",
                flush=True,
            )
    Path("bench-results").mkdir(exist_ok=True)
    Path("bench-results/stats.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return results


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
