"""A reader's path through the column, on a desktop and on a phone: home → campaign →
article → print view → a search typed without accents → the result."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE


@pytest.mark.parametrize("screen,viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_reader_goes_from_home_to_an_article_its_print_view_and_an_accent_free_search(
    page, live_site, shot, screen, viewport
):
    page.set_viewport_size(viewport)
    page.goto("/")
    expect(page).to_have_title(re.compile("Thi đua – Khen thưởng"))
    shot(page, f"reader-{screen}-1-home")

    if screen == "phone":
        menu_button = page.get_by_role("button", name=re.compile("Menu|Danh mục", re.I))
        expect(menu_button).to_be_visible()
        menu_button.click()
    page.get_by_role("navigation", name=re.compile("chính|Chuyên mục", re.I)).get_by_role(
        "link", name=re.compile("Phong trào", re.I)
    ).first.click()
    expect(page.locator("h1")).to_contain_text("Phong trào")
    campaign_links = page.locator("main").get_by_role("link")
    campaign_links.filter(has_text=re.compile("Văn phòng Chính phủ|thi đua", re.I)).first.click()
    campaign_url = page.url
    assert "/phong-trao/" in campaign_url
    shot(page, f"reader-{screen}-2-campaign")

    page.locator("main article a, main .card a").first.click()
    expect(page.locator("article h1")).to_be_visible()
    article_title = page.locator("article h1").inner_text()
    expect(page.locator("time").first).to_have_text(re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}"))
    shot(page, f"reader-{screen}-3-article")

    article_url = page.url
    page.goto(article_url.rstrip("/") + "/ban-in/")
    expect(page.locator("h1")).to_have_text(article_title)
    for image in page.locator("img").all():
        assert image.get_attribute("loading") != "lazy", "a printed article must not lose lazy photos"
    shot(page, f"reader-{screen}-4-print")

    page.goto("/")
    if screen == "phone":
        page.get_by_role("button", name=re.compile("Tìm kiếm|Menu|Danh mục", re.I)).first.click()
    box = page.get_by_role("combobox", name=re.compile("Tìm", re.I)).first
    box.fill("thi dua")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=thi\+dua"))
    results = page.locator("main").get_by_role("link").filter(has_text=re.compile("thi đua", re.I))
    expect(results.first).to_be_visible()
    shot(page, f"reader-{screen}-5-search")
    results.first.click()
    expect(page.locator("article h1")).to_contain_text(re.compile("thi đua", re.I))
