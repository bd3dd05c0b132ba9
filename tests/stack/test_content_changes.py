"""Editorial changes reach every worker of the real server within a second.

Each check sends 20 requests per address, 8 at a time on new connections, and asks
gunicorn's access log which worker processes answered: both must have, so a stale
per-process cache or index in either one would show.
"""

import time
import uuid

import pytest

from .harness import beacon, shows

pytestmark = pytest.mark.slow

PROPAGATION = 1.0  # seconds an editor may wait before every reader sees the change


def newest_article(stack):
    """The newest public story whose title no other story shares (so finding the title means finding it)."""
    return stack.shell_json(
        """
import json
from django.db.models import Count
from news.models import ArticlePage
from news.queries import public
unique = ArticlePage.objects.values("title").annotate(n=Count("id")).filter(n=1).values("title")
a = (public(ArticlePage.objects.live().public()).exclude(campaign=None).filter(title__in=unique)
     .order_by("-published_at", "-pk").first())
print(json.dumps({"id": a.pk, "title": a.title, "path": a.url, "sapo": a.sapo,
                  "campaign": a.campaign.url, "campaign_id": a.campaign_id}))
"""
    )


def listings(article):
    """Every public place a live article is listed: pages, feeds, sitemap, search."""
    return [
        "/",
        article["campaign"],
        "/rss/",
        article["campaign"] + "rss/",
        "/sitemap-bai-viet.xml",
        "/api/search/?q=" + article["title"],
    ]


def read_by_visitors(stack, article, visitors=3):
    """Beacon hits, so the article is also in Đọc nhiều before it changes."""
    for _ in range(visitors):
        assert beacon(stack, article["id"]) == 204


def test_a_page_made_private_leaves_every_workers_pages_feeds_sitemap_and_search_within_a_second(stack):
    article = newest_article(stack)
    read_by_visitors(stack, article)
    for path in listings(article):  # caches and both workers' search indexes now hold it
        replies, _ = stack.burst(path, count=8)
        assert all(reply.status == 200 and shows(reply, article) for reply in replies), path
    assert stack.get(article["path"]).status == 200

    stack.shell(
        f"""
from wagtail.models import Page, PageViewRestriction
PageViewRestriction.objects.create(page=Page.objects.get(pk={article["id"]}), restriction_type="login")
"""
    )
    time.sleep(PROPAGATION)

    problems = []
    for path in listings(article):
        replies, workers = stack.burst(path)
        assert len(workers) == 2, (path, workers)
        assert [reply.status for reply in replies] == [200] * 20, path
        leaking = sum(shows(reply, article) for reply in replies)
        if leaking:
            problems.append(f"{path}: {leaking} of 20 answers still show it")
    replies, workers = stack.burst(article["path"])
    assert len(workers) == 2
    for reply in replies:
        if reply.status not in (302, 401, 403) or article["sapo"][:60] in reply.text:
            problems.append(f"{article['path']}: {reply.status} with the article's text")
        elif reply.status == 302 and not reply.headers["Location"].startswith("/dang-nhap/"):
            problems.append(f"{article['path']}: redirected to {reply.headers['Location']}, not to the login")
    assert not problems, "\n".join(problems)


def test_a_story_published_through_wagtail_shows_in_every_worker_within_a_second(stack):
    campaign = newest_article(stack)
    for path in ("/", campaign["campaign"], "/rss/"):  # cached pages from before the publish
        stack.burst(path, count=8)
    title = f"Tuyên dương điển hình tiên tiến đợt {uuid.uuid4().hex[:6]}"
    article = stack.shell_json(
        f"""
import json
from news.models import ArticlePage, CampaignPage
campaign = CampaignPage.objects.get(pk={campaign["campaign_id"]})
article = ArticlePage(title={title!r}, slug="tuyen-duong-{uuid.uuid4().hex[:8]}", live=False,
                      dateline="Hà Nội", sapo="Bài đăng thử qua quy trình xuất bản của Wagtail.")
campaign.add_child(instance=article)
article.save_revision().publish()
article.refresh_from_db()
print(json.dumps({{"id": article.pk, "title": article.title, "path": article.url}}))
"""
    )
    time.sleep(PROPAGATION)

    problems = []
    for path in ("/", campaign["campaign"], "/rss/", "/api/search/?q=" + title):
        replies, workers = stack.burst(path)
        assert len(workers) == 2, (path, workers)
        assert [reply.status for reply in replies] == [200] * 20, path
        missing = sum(not shows(reply, article) for reply in replies)
        if missing:
            problems.append(f"{path}: {missing} of 20 answers do not show it")
    assert not problems, "\n".join(problems)
    assert stack.get(article["path"]).status == 200


def test_production_serves_hashed_static_files_through_whitenoise(stack):
    home = stack.get("/")
    assert home.status == 200
    stylesheet = next(part.split('"')[0] for part in home.text.split('href="')[1:] if "/static/css/site." in part)
    assert stylesheet.rsplit(".", 2)[-2] != "site", "no content hash: manifest storage is not in use"
    reply = stack.get(stylesheet)
    assert reply.status == 200
    assert "max-age=315360000" in reply.headers.get("Cache-Control", ""), reply.headers


def test_an_article_both_workers_have_served_shows_its_edit_and_then_its_unpublish_within_a_second(stack):
    """Each worker keeps the page a URL led to (core.routing): an edit and an unpublish must still
    reach both, the edit through the content version, the unpublish through the row checked on
    every request."""
    campaign = newest_article(stack)
    article = stack.shell_json(
        f"""
import json
from news.models import ArticlePage, CampaignPage
campaign = CampaignPage.objects.get(pk={campaign["campaign_id"]})
article = ArticlePage(title="Bài sẽ được sửa", slug="se-duoc-sua-{uuid.uuid4().hex[:8]}", live=False,
                      dateline="Hà Nội", sapo="Bài thử: sửa rồi gỡ xuống.")
campaign.add_child(instance=article)
article.save_revision().publish()
article.refresh_from_db()
print(json.dumps({{"id": article.pk, "path": article.url}}))
"""
    )
    time.sleep(PROPAGATION)
    replies, workers = stack.burst(article["path"])
    assert len(workers) == 2 and [reply.status for reply in replies] == [200] * 20
    title = f"Bài đã sửa {uuid.uuid4().hex[:6]}"
    stack.shell(
        f"""
from news.models import ArticlePage
page = ArticlePage.objects.get(pk={article["id"]})
page.title = {title!r}
page.save_revision().publish()
"""
    )
    time.sleep(PROPAGATION)
    replies, workers = stack.burst(article["path"])
    assert len(workers) == 2, workers
    stale = [reply.status for reply in replies if reply.status != 200 or title not in reply.text]
    assert stale == [], f"{len(stale)} of 20 answers without the edited title"

    stack.shell(f"from news.models import ArticlePage\nArticlePage.objects.get(pk={article['id']}).unpublish()")
    time.sleep(PROPAGATION)
    replies, workers = stack.burst(article["path"])
    assert len(workers) == 2, workers
    assert [reply.status for reply in replies] == [404] * 20
