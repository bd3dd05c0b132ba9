"""axe-core on every public page type, at desktop and phone widths: no critical or serious finding.

Counts per page type and impact are written to ``test-artifacts/e2e/axe.jsonl`` for the record,
and a screenshot of each page is kept beside it.
"""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import ARTIFACTS, DESKTOP, PHONE, site_login

pytestmark = pytest.mark.e2e

PAGE_TYPES = {
    "home": "/",
    "campaign-index": "/phong-trao/",
    "campaign": "{campaign}",
    "article": "{article}",
    "print": "{article}ban-in/",
    "tag": "/chu-de/thi-dua/",
    "archive": "/luu-tru/",
    "search": "/tim-kiem/?q=thi+dua",
    "login": "/dang-nhap/",
    "not-found": "/khong-co-trang-nay/",
}


@pytest.fixture(scope="module")
def urls(live_site):
    found = live_site.shell(
        "from news.models import ArticlePage; a = ArticlePage.objects.live().public().order_by('pk').last(); "
        "print(a.url, a.get_parent().url)"
    )
    article, campaign = found.split(" ")
    return {name: path.format(article=article, campaign=campaign) for name, path in PAGE_TYPES.items()}


# Every rule axe has, the experimental ones too: "label-content-name-mismatch" (a button whose
# accessible name does not contain its visible text) is one of them.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "experimental"],
    }
}


def serious_findings(page, name, screen):
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    counts = {}
    for violation in violations:
        counts[violation["impact"]] = counts.get(violation["impact"], 0) + len(violation["nodes"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (ARTIFACTS / "axe.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"page": name, "screen": screen, "counts": counts}) + "\n")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
        if v["impact"] in {"critical", "serious"}
    ]


@pytest.mark.parametrize("screen,viewport", [("desktop", DESKTOP), ("phone", PHONE)])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_public_page_type_has_no_critical_or_serious_axe_finding(page, urls, shot, name, screen, viewport):
    page.set_viewport_size(viewport)
    page.goto(urls[name])
    page.wait_for_load_state("networkidle")
    shot(page, f"axe-{name}-{screen}")
    assert serious_findings(page, name, screen) == []


@pytest.mark.parametrize("screen,viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_article_with_rating_form_for_staff_has_no_critical_or_serious_axe_finding(page, urls, shot, screen, viewport):
    page.set_viewport_size(viewport)
    site_login(page, "truyenthong")
    page.goto(urls["article"] + "#danh-gia")
    page.wait_for_load_state("networkidle")
    shot(page, f"axe-article-staff-{screen}")
    assert serious_findings(page, "article-staff", screen) == []
