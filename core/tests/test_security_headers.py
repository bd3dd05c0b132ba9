"""Content-Security-Policy and Permissions-Policy as readers' browsers receive them.

Public pages: scripts and styles only from the site, the one inline script by the
response's nonce, no inline event handlers anywhere. The admin keeps its own
policy (Wagtail writes inline code there). The browser check of both, with
Chromium reporting violations, is tests/e2e/test_security_headers.py.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client, override_settings

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.fixture
def article(campaign):
    return ArticlePageFactory(parent=campaign, title="Hội nghị điển hình tiên tiến")


@pytest.fixture
def public_urls(home, campaign, article):
    return ["/", campaign.url, article.url, article.url + "ban-in/", "/tim-kiem/?q=thi+đua", "/dang-nhap/"]


def test_each_public_page_allows_its_inline_script_by_this_responses_nonce_only(client, public_urls):
    nonces = set()
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert "'unsafe-inline'" not in policy["style-src"]
        soup = BeautifulSoup(response.content, "html.parser")
        for script in soup.find_all("script"):
            if script.get("src") or script.get("type") == "application/ld+json":
                continue
            nonce = script.get("nonce")
            assert nonce and f"'nonce-{nonce}'" in policy["script-src"], (url, str(script)[:80])
            nonces.add(nonce)
        assert not soup.find_all("style"), url
    assert len(nonces) >= len(public_urls) - 1  # a fresh nonce per response (the print view has no inline script)


def test_no_public_page_has_inline_event_handlers_or_style_attributes(client, public_urls):
    for url in public_urls:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        for element in soup.find_all(True):
            handlers = [name for name in element.attrs if re.fullmatch(r"on[a-z]+", name)]
            assert not handlers, (url, element.name, handlers)


@override_settings(ROOT_URLCONF="tests.failing_urls")
def test_the_500_page_rendered_without_a_request_uses_a_stylesheet_not_inline_styles():
    response = Client(raise_request_exception=False).get("/loi-thu/")
    assert response.status_code == 500 and "'unsafe-inline'" not in response["Content-Security-Policy"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert not soup.find_all("style") and not soup.find_all("script")
    assert soup.find("link", rel="stylesheet")["href"].endswith("css/error.css")


def test_the_404_page_carries_its_nonce_too(client, home):
    response = client.get("/khong-co-trang-nay/")
    inline = [s for s in BeautifulSoup(response.content, "html.parser").find_all("script") if not s.get("src")]
    assert response.status_code == 404 and inline
    assert all(f"'nonce-{script['nonce']}'" in response["Content-Security-Policy"] for script in inline)


def test_the_admin_gets_its_own_policy_without_a_nonce(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("quantri", password="x"))
    response = client.get("/admin/pages/")
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"]  # Wagtail's inline panels and date pickers
    assert not any(value.startswith("'nonce-") for value in policy["script-src"])  # a nonce would void it
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]  # its previews


def test_a_preview_in_the_editor_gets_the_admins_policy_so_the_editor_may_frame_it(client, article, django_user_model):
    """Wagtail renders previews through the middleware again for the page's public path."""
    client.force_login(django_user_model.objects.create_superuser("quantri2", password="x"))
    preview = client.get(f"/admin/pages/{article.pk}/view_draft/")
    assert preview.status_code == 200
    policy = directives(preview)
    assert policy["frame-ancestors"] == ["'self'"] and "'unsafe-inline'" in policy["script-src"]


def test_permissions_policy_switches_off_powerful_features():
    response = Client().get("/robots.txt")
    features = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort", "browsing-topics"):
        assert features[feature] == "()", feature
    assert features["fullscreen"].startswith("(self ")  # embedded video players may go full screen
