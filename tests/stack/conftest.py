"""The site as production runs it: gunicorn (2 workers × 4 threads), production settings,
Redis shared by the workers, WhiteNoise serving the collected static files.

One prepared database per session and kind (a fresh SQLite file, or a throw-away
PostgreSQL database on the machine's server): migrated, filled with the demo content
(no demo accounts: production refuses them) and a superuser, static files collected.
The server reaches Redis through a relay the tests can cut; cache and visitor-count
keys carry a prefix of their own, deleted afterwards with the temporary directory.

Which databases: ``STACK_DATABASES=sqlite,postgresql``; by default the one the suite
is pointed at (PostgreSQL when ``DATABASE_URL`` says so, SQLite otherwise), so CI's
two runs of ``make test-stack`` cover both.
"""

import uuid

import pytest

from tests import servers

from .harness import ACCESS_LOG_FORMAT, PreparedDatabase, Stack, database_kinds
from .relay import TcpRelay

SUPERUSER = ("stackadmin", "stack-" + uuid.uuid4().hex)


@pytest.fixture(scope="session", params=database_kinds())
def stack_database(request):
    kind = request.param
    if not servers.redis_available():
        pytest.skip("the production stack needs the machine's Redis at 127.0.0.1:6379")
    if kind == "postgresql" and not servers.postgres_available():
        pytest.skip("PostgreSQL is not answering at " + servers.POSTGRES_ADMIN_URL)
    relay = TcpRelay()
    relay.start()
    prefix = f"thidua-stack-{uuid.uuid4().hex[:10]}"
    with (
        servers.scratch_directory("thidua-stack-") as workdir,
        servers.throwaway_database(kind, workdir, label="stack") as url,
    ):
        database = PreparedDatabase(kind=kind, url=url, workdir=workdir, relay=relay, prefix=prefix)
        try:
            env = database.env()
            servers.manage(env, "migrate", "--noinput", "-v", "0")
            servers.manage(env, "seed_demo", "--no-progress")
            servers.manage(env, "collectstatic", "--noinput", "-v", "0")
            servers.manage(
                {**env, "DJANGO_SUPERUSER_PASSWORD": SUPERUSER[1]},
                "createsuperuser",
                "--noinput",
                "--username",
                SUPERUSER[0],
                "--email",
                "stackadmin@example.invalid",
            )
            yield database
        finally:
            relay.close()
            servers.forget_redis_keys(servers.REDIS_URL, prefix, *database.extra_prefixes)


@pytest.fixture(scope="session")
def stack(stack_database):
    access_log = stack_database.workdir / "access.log"
    with servers.gunicorn(
        stack_database.env(),
        stack_database.workdir / "gunicorn.log",
        extra_args=("--access-logfile", str(access_log), "--access-logformat", ACCESS_LOG_FORMAT),
    ) as server:
        yield Stack(database=stack_database, server=server, access_log=access_log)


@pytest.fixture(scope="session")
def site_map(stack):
    """Addresses of one page of every kind, read from the database the server uses."""
    return stack.shell_json(
        """
import json
from news.models import ArticlePage, ArticlePageTag, CampaignPage
from news.queries import public
article = public(ArticlePage.objects.live().public()).exclude(campaign=None).order_by("-published_at", "-pk").first()
tag = ArticlePageTag.objects.filter(content_object__live=True).select_related("tag").first().tag
print(json.dumps({
    "article": article.url, "article_id": article.pk, "campaign": article.campaign.url,
    "campaign_index": article.campaign.get_parent().url, "tag": tag.slug,
    "year": article.published_at.year,
}))
"""
    )
