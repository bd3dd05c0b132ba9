"""Requests per second of uncached pages under wrk, as a fraction of a bare WSGI ceiling.

``python -m benchmarks.render_speed --port 23100 [--code DIR] [--duration 10] [--label after]``

Starts gunicorn (2 sync workers, as the issue's measurement) on the site from ``--code``
(default: this checkout) on ``--port`` with the environment it is given (production settings,
DATABASE_URL, REDIS_URL, a CACHE_KEY_PREFIX of its own), and the home page's bytes served by
``benchmarks.bare_wsgi`` under the same gunicorn settings on ``--port + 1``. For the home,
campaign, article, tag and RSS pages: one warming request, then ``wrk -t2 -c16`` on the bare
app, on the page, and on the bare app again. The machine's load drifts from minute to minute, so
each page is given as req/s and as a fraction of the mean of the two ceilings around it. No page cache is
involved (the site has none in this measurement); rendered fragments are cached as in production.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_gunicorn(app, port, cwd, env, log):
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "130"],
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def fetch(url, timeout=600):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


def wait_until_up(url, process, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped")
        try:
            return fetch(url, timeout=5)
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wrk(url, duration):
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{duration}s", "--timeout", "30s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"timeout (\d+)", out)
    p50_ms = None
    if p50:
        p50_ms = float(p50[1]) * {"us": 0.001, "ms": 1, "s": 1000}[p50[2]]
    return {
        "rps": float(rate[1]) if rate else 0.0,
        "p50_ms": p50_ms,
        "non_2xx": int(errors[1]) if errors else 0,
        "timeouts": int(timeouts[1]) if timeouts else 0,
    }


# The same pages as benchmarks.pages: the first campaign and the newest article.
PAGE_URLS_CODE = (
    "from news.models import ArticlePage, CampaignPage;"
    "c = CampaignPage.objects.live().order_by('pk').first();"
    "a = ArticlePage.objects.live().order_by('-published_at').first();"
    "print(c.url); print(a.url)"
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--code", default=str(ROOT), help="checkout whose site is measured")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--label", default="")
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args()

    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    shell = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PAGE_URLS_CODE],
        cwd=args.code,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    campaign_url, article_url = shell[-2], shell[-1]
    pages = [
        ("home", "/"),
        ("campaign", campaign_url),
        ("article", article_url),
        ("tag", "/chu-de/thi-dua/"),
        ("rss", "/rss/"),
    ]
    base = f"http://127.0.0.1:{args.port}"
    bare_base = f"http://127.0.0.1:{args.port + 1}"
    results = {}
    with tempfile.TemporaryDirectory(prefix="render-speed-") as scratch:
        log = open(Path(scratch) / "gunicorn.log", "a")  # noqa: SIM115 - closed below
        site = start_gunicorn("thidua_site.wsgi:application", args.port, args.code, env, log)
        bare = None
        try:
            home = wait_until_up(base + "/", site)
            body = Path(scratch) / "home.html"
            body.write_bytes(home)
            bare_env = {**env, "BARE_WSGI_BODY": str(body)}
            bare = start_gunicorn("benchmarks.bare_wsgi:application", args.port + 1, ROOT, bare_env, log)
            wait_until_up(bare_base + "/", bare)
            for name, path in pages:
                started = time.monotonic()
                try:
                    fetch(base + path, timeout=120)  # the first request fills the fragments
                    first = time.monotonic() - started
                except OSError as error:
                    results[name] = {"error": str(error)}
                    continue
                # The machine's load drifts: the ceiling is measured just before and just after
                # each page (both servers idle in between) and the page compared with their mean.
                before = wrk(bare_base + "/", args.duration)["rps"]
                row = wrk(base + path, args.duration)
                after = wrk(bare_base + "/", args.duration)["rps"]
                results[name] = {**row, "ceiling": round((before + after) / 2, 1), "first_s": round(first, 2)}
        finally:
            stop(site)
            if bare is not None:
                stop(bare)
            log.close()
    print(f"{args.label} (ceiling: benchmarks.bare_wsgi serving the home page's {len(home)} bytes)")
    print(f"{'page':<10}{'req/s':>9}{'ceiling':>9}{'ratio':>9}{'p50 ms':>9}{'first s':>9}")
    for name, row in results.items():
        if "error" in row:
            print(f"{name:<10}  {row['error']}")
            continue
        ratio = row["rps"] / row["ceiling"] if row["ceiling"] else 0
        row["ratio"] = round(ratio, 4)
        p50 = f"{row['p50_ms']:.1f}" if row["p50_ms"] is not None else "-"
        flags = f"  ({row['non_2xx']} non-2xx, {row['timeouts']} timeouts)" if row["non_2xx"] or row["timeouts"] else ""
        print(f"{name:<10}{row['rps']:>9.1f}{row['ceiling']:>9.0f}{ratio:>9.4f}{p50:>9}{row['first_s']:>9}{flags}")
    if args.json_path:
        with open(args.json_path, "a") as out:
            out.write(json.dumps({"label": args.label, "pages": results}) + "\n")


if __name__ == "__main__":
    main()
