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

import pytest

from .harness import database_kinds, prepared_database, running_stack


@pytest.fixture(scope="session", params=database_kinds())
def stack_database(request):
    with prepared_database(request.param) as database:
        yield database


@pytest.fixture(scope="session")
def stack(stack_database):
    with running_stack(stack_database) as stack:
        yield stack


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
