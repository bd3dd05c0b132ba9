"""Hundreds of visitors at once against a real multi-process server: exact counts on each store."""

import os

import pytest

from benchmarks.loadtest import counts, crowd, fresh_database, running_server

from .conftest import REDIS_URL, redis_available

pytestmark = pytest.mark.slow

STORES = ["database-sqlite", "redis"]
if os.environ.get("DATABASE_URL", "").startswith("postgres"):
    STORES.append("database-postgresql")


@pytest.mark.parametrize("store", STORES)
def test_200_visitors_twice_each_at_once_plus_crawlers_count_exactly_200(store):
    if store == "redis" and not redis_available():
        pytest.skip("needs a Redis server at 127.0.0.1:6379")
    kind = "postgresql" if store.endswith("postgresql") else "sqlite"
    with (
        fresh_database(kind) as database_url,
        running_server(database_url, REDIS_URL if store == "redis" else "") as (
            port,
            env,
        ),
    ):
        statuses, _ = crowd(port, env["SECRET_KEY"], visitors=200, repeats=2, crawlers=50)
        assert statuses.count(204) == len(statuses), {s: statuses.count(s) for s in set(statuses)}
        assert counts(port) == {"online": 200, "today": 200, "week": 200, "total": 200}
