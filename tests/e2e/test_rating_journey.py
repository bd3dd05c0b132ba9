"""Communications staff rate an article with the keyboard alone, then change their vote."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import site_login

pytestmark = pytest.mark.e2e


def tab_to(page, predicate_js, limit=150):
    """Press Tab until the focused element satisfies ``predicate_js`` (a JS arrow function)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({predicate_js})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element matching {predicate_js}")


def rate_by_keyboard(page, stars):
    tab_to(page, "el => el.name === 'score'")
    focused = int(page.evaluate("document.activeElement.value"))
    key = "ArrowRight" if stars >= focused else "ArrowLeft"
    for _ in range(abs(stars - focused)):
        page.keyboard.press(key)
    page.keyboard.press("Space")
    assert page.evaluate("document.querySelector('input[name=score]:checked').value") == str(stars)
    tab_to(page, "el => el.name === 'captcha_1'")
    page.keyboard.type("PASSED")  # django-simple-captcha's test mode answer
    page.keyboard.press("Enter")


def test_communications_staff_rate_with_the_keyboard_and_change_their_vote(page, live_site, shot):
    article_url = live_site.shell(
        "from news.models import ArticlePage; from ratings.models import Rating; "
        "print(ArticlePage.objects.live().public().exclude(pk__in=Rating.objects.values('page_id'))"
        ".order_by('pk').last().url)"
    )
    site_login(page, "truyenthong")
    page.goto(article_url)
    widget = page.locator("[data-rating-widget]")
    expect(widget).to_contain_text("Chưa có đánh giá")

    # Stars are in visual order for the keyboard: 1 → 5.
    values = widget.locator("input[name=score]").evaluate_all("els => els.map(e => e.value)")
    assert values == ["1", "2", "3", "4", "5"]

    rate_by_keyboard(page, 4)
    expect(widget.locator("[data-rating-summary]")).to_contain_text(re.compile(r"4\s*/5 từ\s*1 lượt"))
    shot(page, "rating-1-four-stars")

    page.reload()
    rate_by_keyboard(page, 2)
    expect(widget.locator("[data-rating-summary]")).to_contain_text(re.compile(r"2\s*/5 từ\s*1 lượt"))
    shot(page, "rating-2-changed-to-two")
    page.reload()
    expect(widget.locator("input[name=score]:checked")).to_have_value("2")
