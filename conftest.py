import os

import pytest
from django.core.cache import cache

from news.models import CampaignIndexPage, HomePage


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached menus, restriction lists and the in-memory search index must not
    leak between tests' databases."""
    from core.redis_outage import reset_all
    from news.cache import clock
    from search.engines import get_engine

    cache.clear()
    clock.forget()
    get_engine().reset()
    yield
    cache.clear()
    clock.forget()
    reset_all()
    get_engine().reset()


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def campaign_index(db):
    return CampaignIndexPage.objects.get()


@pytest.fixture
def campaign(campaign_index):
    from tests.factories import CampaignPageFactory

    return CampaignPageFactory(parent=campaign_index, title="Thi đua chuyển đổi số", slug="chuyen-doi-so")


@pytest.fixture
def image(db):
    from tests.factories import ImageFactory

    return ImageFactory()


# Browser journeys need a real server and Chromium: only `make test-e2e` (E2E=1) collects them.
collect_ignore_glob = [] if os.environ.get("E2E") else ["tests/e2e/*"]
