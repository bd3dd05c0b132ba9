"""The first readers after a deployment arrive together, before anything is warm."""

import uuid

import pytest
import requests

from tests import servers

from .harness import BROWSER, start_together

pytestmark = pytest.mark.slow

FIRST_REQUESTS = [
    "/tim-kiem/?q=thi+đua",
    "/tim-kiem/?q=khen+thưởng",
    "/tim-kiem/?q=điển+hình+tiên+tiến",
    "/api/search/?q=thi+đua",
    "/api/search/?q=khen+thưởng",
    "/api/search/?q=lao+động+sáng+tạo",
    "/",
    "/",
]


@pytest.mark.parametrize("start", [1, 2])
def test_eight_simultaneous_first_requests_to_search_and_home_all_succeed(stack_database, start):
    """No warm-up request: the workers build their search index and caches under load,
    with no snapshot on disk yet (a fresh SEARCH_INDEX_DIR and cache prefix per start)."""
    workdir = stack_database.workdir
    prefix = f"thidua-cold-{uuid.uuid4().hex[:10]}"
    stack_database.extra_prefixes.append(prefix)
    env = stack_database.env(
        SEARCH_INDEX_DIR=workdir / f"search-cold-{start}",
        CACHE_KEY_PREFIX=prefix,
        STATS_REDIS_PREFIX=f"{prefix}:stats:",
    )
    with servers.gunicorn(env, workdir / f"gunicorn-cold-{start}.log", wait_for=None) as server:

        def fetch(path):
            return lambda: (
                requests.get(
                    server.base_url + path, headers={"User-Agent": BROWSER, "Connection": "close"}, timeout=120
                ).status_code
            )

        answers = start_together([fetch(path) for path in FIRST_REQUESTS])
        log = server.log()
    failures = [(path, answer) for path, answer in zip(FIRST_REQUESTS, answers, strict=True) if answer != 200]
    assert not failures, f"{failures}\n{log[-3000:]}"
