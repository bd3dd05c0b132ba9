"""Template slots: news offers places, stats and ratings fill them, and news works without either."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.template import Context, Template
from wagtail import hooks

from core.slots import slot_hook_name

ROOT = Path(__file__).resolve().parents[2]

RENDER_WITHOUT_FEATURES = """
import django
django.setup()
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
assert not apps.is_installed("stats") and not apps.is_installed("ratings")
setup_test_environment()
call_command("migrate", verbosity=0, interactive=False)
from news.models import CampaignIndexPage
from tests.factories import ArticlePageFactory, CampaignPageFactory
campaign = CampaignPageFactory(parent=CampaignIndexPage.objects.get(), title="Phong trào", slug="phong-trao-thu")
article = ArticlePageFactory(parent=campaign, title="Bài viết thử", slug="bai-viet-thu")
client = Client()
for url in ("/", campaign.url, article.url, "/dang-nhap/"):
    response = client.get(url)
    print(url, response.status_code)
    assert response.status_code == 200, (url, response.status_code, response.content[:2000])
body = client.get(article.url).content.decode()
assert "Bài viết thử" in body and "Đánh giá" not in body and "beacon.js" not in body
"""


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_news_imports_nothing_from_the_optional_apps():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "news").rglob("*.py")
        if "tests" not in path.parts
        for module in imported_modules(path)
        if module.split(".")[0] in {"stats", "ratings", "search"}
    ]
    templates = [
        str(path.relative_to(ROOT))
        for base in (ROOT / "news" / "templates", ROOT / "templates")
        for path in base.rglob("*.html")
        if any(lib in path.read_text(encoding="utf-8") for lib in ("stats_tags", "ratings_tags"))
    ]
    assert offenders == [] and templates == []


@pytest.mark.slow
def test_home_campaign_and_article_render_without_stats_and_ratings():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings_without_features"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", RENDER_WITHOUT_FEATURES], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]


def test_a_slot_renders_every_filler_in_order_and_nothing_when_empty():
    template = Template('{% load slots %}[{% slot "test_slot" word="thi đua" %}]')
    assert template.render(Context({})) == "[]"
    with hooks.register_temporarily(
        [
            (slot_hook_name("test_slot"), lambda context, word: f"<b>{word}</b>"),
            (slot_hook_name("test_slot"), lambda context, word: "<i>khen thưởng</i>"),
        ]
    ):
        assert template.render(Context({})) == "[<b>thi đua</b><i>khen thưởng</i>]"


@pytest.mark.django_db
def test_installed_apps_fill_the_article_and_footer_slots(client, campaign):
    from tests.factories import ArticlePageFactory

    body = client.get(ArticlePageFactory(parent=campaign, title="Bài có sao").url).content.decode()
    assert 'id="danh-gia"' in body and "stats/beacon.js" in body and "Đang online" in body
