"""Follow every internal link from the home page of the demo site."""

from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("/admin/", "/media/", "/static/", "/documents/")
LIMIT = 400


def internal_links(base, html):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["a", "link"], href=True):
        url, _ = urldefrag(urljoin(base, tag["href"]))
        parts = urlsplit(url)
        if parts.netloc in ("", "testserver") and parts.scheme in ("", "http"):
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not path.startswith(SKIP_PREFIXES):
                yield path


def test_every_page_reachable_from_home_answers_without_error(client):
    call_command("seed_demo", "--no-progress")
    seen, queue, failures = {"/"}, deque(["/"]), []
    while queue and len(seen) <= LIMIT:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code >= 400:
            failures.append((path, response.status_code))
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in internal_links("http://testserver" + path, response.content):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    assert not failures, failures
    assert len(seen) > 60  # campaigns, articles, print views, tags, archive months, feeds
