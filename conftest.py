import atexit
import os
import shutil
import tempfile

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from hypothesis.configuration import set_hypothesis_home_dir

from news.models import CampaignIndexPage, HomePage


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path_factory):
    """Cached menus, restriction lists and the search index must not leak between
    tests' databases: each test gets its own index directory and engine."""
    from core.memo import clear_all as clear_memos
    from core.redis_outage import reset_all
    from news.cache import clock
    from news.templatetags.news_tags import fragment_memo
    from search.engines import get_engine
    from stats.templatetags.stats_tags import _local_ids as most_read_local_ids

    settings.SEARCH_INDEX_DIR = str(tmp_path_factory.mktemp("search-index"))
    cache.clear()
    clock.forget()
    fragment_memo.clear()
    clear_memos()
    most_read_local_ids.clear()
    get_engine.cache_clear()
    yield
    cache.clear()
    clock.forget()
    fragment_memo.clear()
    clear_memos()
    reset_all()
    get_engine.cache_clear()


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


# Hypothesis keeps its example database and constants cache in ./.hypothesis by default:
# tests write only in temporary directories (tools/tree_guard.py checks it).
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="thidua-hypothesis-")
set_hypothesis_home_dir(_HYPOTHESIS_HOME)
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, ignore_errors=True)

# Browser journeys need a real server and Chromium: only `make test-e2e` (E2E=1) collects them.
collect_ignore_glob = [] if os.environ.get("E2E") else ["tests/e2e/*"]


@pytest.fixture
def make_user(django_user_model):
    """A staff member in one of the groups the data migration creates ("Biên tập viên", "Duyệt bài", "Truyền thông")."""

    def make(username, group=None, password="mat-khau-thu", **extra):
        user = django_user_model.objects.create_user(username, password=password, **extra)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def editor(make_user):
    return make_user("bientap", "Biên tập viên")


@pytest.fixture
def reviewer(make_user):
    return make_user("duyetbai", "Duyệt bài")
