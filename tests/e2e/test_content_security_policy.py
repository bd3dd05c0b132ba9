"""Chromium enforces the Content-Security-Policy and reports nothing blocked.

Readers' pages (home, an article, its print view, search with suggestions, login),
the same pages for signed-in staff with Wagtail's userbar opened, and the admin's
page editor with its live preview: every violation the browser reports
(``securitypolicyviolation`` events in every frame, and console errors) is
collected; there must be none. The policy itself is checked in
core/tests/test_security_headers.py.
"""

import contextlib
import re

import pytest
from playwright.sync_api import expect

from .conftest import admin_login

COLLECT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
    " at " + (e.sourceFile || location.href) + ":" + e.lineNumber);
});
"""


@pytest.fixture
def violations(page):
    """Every CSP violation the page and its frames report (events and console messages)."""
    found = []
    page.add_init_script(COLLECT)
    page.on(
        "console",
        lambda message: (
            found.append(f"console: {message.text}")
            if re.search(r"Content Security Policy|Refused to (load|execute|apply|frame|connect)", message.text)
            else None
        ),
    )

    def collected():
        for frame in page.frames:
            with contextlib.suppress(Exception):  # a frame that went away has nothing more to say
                found.extend(frame.evaluate("window.__cspViolations || []"))
        return sorted(set(found))

    return collected


@pytest.fixture(scope="module")
def article(live_site):
    line = live_site.shell(
        "from news.models import ArticlePage\n"
        "a = ArticlePage.objects.live().public().exclude(featured_image=None).order_by('-pk').first()\n"
        "print(a.pk, a.url)"
    )
    pk, url = line.split()[-2:]
    return {"id": int(pk), "url": url}


def visit_public_pages(page, article):
    for url in ("/", article["url"], article["url"].rstrip("/") + "/ban-in/", "/dang-nhap/"):
        response = page.goto(url)
        assert response.status == 200, url
        assert "nonce-" in response.headers["content-security-policy"] or url.endswith("/ban-in/")
        page.wait_for_load_state("networkidle")
    page.goto("/")
    box = page.get_by_role("combobox", name=re.compile("Tìm", re.I)).first
    box.fill("thi đu")  # suggestions are fetched from /api/search/suggest/ (connect-src)
    page.wait_for_timeout(800)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/"))
    page.wait_for_load_state("networkidle")


def test_readers_pages_run_with_no_csp_violation(page, live_site, article, violations):
    visit_public_pages(page, article)
    # The header-time script ran (it adds "js" to <html> before first paint): the nonce let it through.
    assert "js" in page.evaluate("document.documentElement.className")
    assert violations() == []


def test_staff_see_the_wagtail_userbar_on_public_pages_with_no_csp_violation(page, live_site, article, violations):
    admin_login(page, "admin")
    page.goto(article["url"])
    trigger = page.locator("wagtail-userbar").locator("[data-wagtail-userbar-trigger]")
    expect(trigger).to_be_visible()
    trigger.click()
    expect(page.locator("wagtail-userbar").get_by_role("menuitem").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert violations() == []


def test_the_page_editor_and_its_live_preview_run_with_no_csp_violation(page, live_site, article, violations):
    admin_login(page, "admin")
    response = page.goto(f"/admin/pages/{article['id']}/edit/")
    assert response.status == 200
    assert "'unsafe-inline'" in response.headers["content-security-policy"]  # the admin's own policy
    page.wait_for_load_state("networkidle")
    expect(page.locator("#id_title")).to_be_visible()
    page.locator("[data-side-panel-toggle='preview']").click()
    # The preview is the article rendered by Wagtail in an iframe of the editor: it shows only if the
    # editor may frame it (the preview answers with the admin's policy, frame-ancestors 'self').
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("article h1")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert violations() == []
