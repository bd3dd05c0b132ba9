"""Reader-facing fixes: campaign status from its period (Vietnam time), OpenGraph and breadcrumbs on
every page type, print view, alt text, accessible names and landmarks."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from news.models import CampaignPage
from tests.factories import ArticlePageFactory, CampaignPageFactory, ImageFactory, paragraph_block, photo_block
from tests.html import soup

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def vietnam_new_year(monkeypatch):
    """00:30 on 1 January 2026 in Hà Nội, still 31 December 2025 in UTC."""
    moment = dt.datetime(2025, 12, 31, 17, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def ended(campaign_index):
    return CampaignPageFactory(
        parent=campaign_index,
        title="Nông thôn mới 2021–2025",
        short_title="Nông thôn mới",
        start_date=dt.date(2021, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )


@pytest.fixture
def story(campaign):
    image = ImageFactory(title="IMG_0412", description="Đại biểu nhận Bằng khen trên sân khấu hội trường")
    return ArticlePageFactory(
        parent=campaign,
        title="Tổng kết phong trào thi đua năm 2025",
        sapo="Các đơn vị ký giao ước thi đua năm mới.",
        published_at=dt.datetime(2025, 12, 20, 3, 0, tzinfo=UTC),
        featured_image=image,
        body=[
            paragraph_block("Hội nghị diễn ra tại Hà Nội."),
            photo_block(image, "Trao Bằng khen"),
            photo_block(ImageFactory(title="DSC_0001"), "Quang cảnh hội nghị"),
            {"type": "photo", "value": {"image": image.pk, "alt": "Lãnh đạo bắt tay đại biểu", "caption": ""}},
        ],
        tags=["thi đua"],
    )


# --- 4. status follows the period, in Vietnam time -------------------------------------------


def test_status_follows_the_period():
    campaign = CampaignPage(start_date=dt.date(2021, 1, 1), end_date=dt.date(2025, 12, 31))
    assert campaign.status_on(dt.date(2020, 12, 31)) == CampaignPage.Status.UPCOMING
    assert campaign.status_on(dt.date(2021, 1, 1)) == CampaignPage.Status.RUNNING
    assert campaign.status_on(dt.date(2025, 12, 31)) == CampaignPage.Status.RUNNING
    assert campaign.status_on(dt.date(2026, 1, 1)) == CampaignPage.Status.CLOSED
    assert CampaignPage(start_date=dt.date(2021, 1, 1)).status_on(dt.date(2099, 1, 1)) == CampaignPage.Status.RUNNING


def test_a_campaign_ended_yesterday_in_vietnam_says_closed_though_utc_is_still_on_its_last_day(
    client, vietnam_new_year, ended
):
    page = soup(client.get(ended.url))
    assert page.select_one(".campaign-hero .status").text == "Đã kết thúc"
    assert "Đang triển khai" not in page.select_one(".campaign-hero").text


def test_campaign_index_splits_running_upcoming_and_closed_by_date(client, vietnam_new_year, campaign_index, ended):
    CampaignPageFactory(parent=campaign_index, title="Phong trào đang chạy", start_date=dt.date(2024, 1, 1))
    CampaignPageFactory(parent=campaign_index, title="Phong trào năm sau", start_date=dt.date(2026, 3, 1))
    page = soup(client.get(campaign_index.url))
    sections = {section.h2.text: section.text for section in page.select("main section")}
    assert "Phong trào đang chạy" in sections["Đang triển khai"]
    assert "Nông thôn mới 2021–2025" in sections["Đã kết thúc"]
    assert "Phong trào năm sau" in sections["Sắp triển khai"]
    assert "Nông thôn mới 2021–2025" not in sections["Đang triển khai"]


def test_home_and_menu_list_only_campaigns_running_today_in_vietnam(client, vietnam_new_year, home, ended):
    running = CampaignPageFactory(
        parent=ended.get_parent(), title="Chuyển đổi số", short_title="Chuyển đổi số", start_date=dt.date(2024, 1, 1)
    )
    ArticlePageFactory(parent=ended, title="Bài của phong trào đã kết thúc")
    ArticlePageFactory(parent=running, title="Bài của phong trào đang chạy")
    page = soup(client.get("/"))
    campaigns = page.select_one(".home-campaigns").text
    assert "Chuyển đổi số" in campaigns and "Nông thôn mới 2021–2025" not in campaigns
    menu = [a.text for a in page.select(".site-nav a")]
    assert "Chuyển đổi số" in menu and "Nông thôn mới" not in menu


def test_the_same_campaign_was_running_on_its_last_day(client, monkeypatch, home, ended):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2025, 12, 31, 16, 30, tzinfo=UTC))  # 23:30 in Hà Nội
    ArticlePageFactory(parent=ended, title="Bài cuối năm")
    page = soup(client.get("/"))
    assert "Nông thôn mới 2021–2025" in page.select_one(".home-campaigns").text
    assert soup(client.get(ended.url)).select_one(".campaign-hero .status").text == "Đang triển khai"


# --- 3. OpenGraph on every page type ----------------------------------------------------------


def og(page):
    return {meta["property"]: meta["content"] for meta in page.select("meta[property^='og:']")}


@pytest.mark.parametrize(
    "url, title",
    [
        ("/", None),
        ("/phong-trao/", None),
        ("/phong-trao/chuyen-doi-so/", "Thi đua chuyển đổi số"),
        ("/chu-de/thi-dua/", "Chủ đề: thi đua"),
        ("/luu-tru/", "Lưu trữ tin bài"),
        ("/luu-tru/2025/12/", "Lưu trữ tin bài Tháng 12/2025"),
        ("/tim-kiem/?q=thi+dua", "Tìm kiếm: thi dua"),
    ],
)
def test_every_page_type_has_full_opengraph_with_the_default_picture(client, story, url, title):
    tags = og(soup(client.get(url)))
    assert {"og:title", "og:description", "og:url", "og:type", "og:image", "og:site_name", "og:locale"} <= set(tags)
    assert tags["og:locale"] == "vi_VN" and tags["og:site_name"] == "Thi đua – Khen thưởng"
    assert tags["og:type"] == "website" and tags["og:description"]
    assert tags["og:url"].startswith("http://testserver/")
    assert tags["og:image"] == "http://testserver/static/img/og-default.png"
    if title:
        assert tags["og:title"] == title


def test_default_share_picture_is_1200_by_630():
    from pathlib import Path

    from django.conf import settings
    from PIL import Image

    with Image.open(Path(settings.BASE_DIR) / "thidua_site/static/img/og-default.png") as picture:
        assert picture.size == (1200, 630)


def test_article_shares_its_own_picture_as_an_article(client, story):
    tags = og(soup(client.get(story.url)))
    assert tags["og:type"] == "article" and tags["og:title"] == story.title
    assert tags["og:url"] == f"http://testserver{story.url}"
    assert "/media/images/" in tags["og:image"] and "fill-1200x630" in tags["og:image"]
    assert int(tags["og:image:width"]) > 0 and int(tags["og:image:height"]) > 0


def test_article_without_any_picture_shares_the_default_one(client, campaign):
    article = ArticlePageFactory(parent=campaign, title="Bài không ảnh", body=[paragraph_block("Chữ.")])
    assert og(soup(client.get(article.url)))["og:image"] == "http://testserver/static/img/og-default.png"


def test_article_without_lead_image_shares_its_first_body_photo(client, campaign):
    article = ArticlePageFactory(
        parent=campaign, title="Bài chỉ có ảnh trong thân", body=[photo_block(ImageFactory(), "Ảnh hội nghị")]
    )
    assert "/media/images/" in og(soup(client.get(article.url)))["og:image"]


# --- 5. breadcrumbs ---------------------------------------------------------------------------


def crumbs(page):
    return [item.get_text(strip=True) for item in page.select("nav.breadcrumbs li")]


def breadcrumb_jsonld(page):
    for script in page.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if data["@type"] == "BreadcrumbList":
            return [item["name"] for item in data["itemListElement"]]
    return None


def test_campaign_breadcrumbs_pass_through_the_campaign_index(client, campaign):
    page = soup(client.get(campaign.url))
    assert crumbs(page) == ["Trang chủ", "Phong trào thi đua", "Thi đua chuyển đổi số"]
    assert page.select("nav.breadcrumbs a")[1]["href"] == "/phong-trao/"
    assert breadcrumb_jsonld(page) == crumbs(page)


def test_article_breadcrumbs_run_home_index_campaign_article(client, story):
    page = soup(client.get(story.url))
    assert crumbs(page) == ["Trang chủ", "Phong trào thi đua", "Thi đua chuyển đổi số", story.title]
    assert page.select_one("nav.breadcrumbs [aria-current=page]").text == story.title
    assert breadcrumb_jsonld(page) == crumbs(page)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/phong-trao/", ["Trang chủ", "Phong trào thi đua"]),
        ("/chu-de/thi-dua/", ["Trang chủ", "Chủ đề: thi đua"]),
        ("/luu-tru/", ["Trang chủ", "Lưu trữ"]),
        ("/luu-tru/2025/12/", ["Trang chủ", "Lưu trữ", "Năm 2025", "Tháng 12/2025"]),
        ("/tim-kiem/?q=thi+dua", ["Trang chủ", "Tìm kiếm"]),
    ],
)
def test_listing_pages_have_breadcrumbs_too(client, story, url, expected):
    page = soup(client.get(url))
    assert crumbs(page) == expected
    assert breadcrumb_jsonld(page) == expected


# --- 2. print view ----------------------------------------------------------------------------


def test_print_view_fits_phones_and_loads_every_photo_eagerly(client, story):
    page = soup(client.get(f"{story.url}ban-in/"))
    assert page.select_one("meta[name=viewport]")["content"].startswith("width=device-width")
    images = page.select("img")
    assert len(images) == 3
    assert all(img.get("loading") == "eager" for img in images)


def test_article_page_still_lazy_loads_body_photos(client, story):
    page = soup(client.get(story.url))
    assert [img.get("loading") for img in page.select(".article__body figure.photo img")] == ["lazy"] * 3


# --- 8. alt text ------------------------------------------------------------------------------


def test_photo_alt_comes_from_alt_field_then_description_then_caption_never_the_file_title(client, story):
    page = soup(client.get(story.url))
    alts = [img["alt"] for img in page.select(".article__body figure.photo img")]
    assert alts == [
        "Đại biểu nhận Bằng khen trên sân khấu hội trường",  # the image's description
        "Quang cảnh hội nghị",  # no description: the caption
        "Lãnh đạo bắt tay đại biểu",  # the block's own alt
    ]
    assert "IMG_0412" not in page.decode() and "DSC_0001" not in " ".join(alts)


def test_lead_photo_alt_is_the_image_description(client, campaign):
    image = ImageFactory(title="IMG_9", description="Toàn cảnh lễ phát động")
    article = ArticlePageFactory(parent=campaign, title="Bài có ảnh đại diện", featured_image=image, body=[])
    page = soup(client.get(article.url))
    assert page.select_one(".photo--lead img")["alt"] == "Toàn cảnh lễ phát động"


def test_card_images_are_decorative(client, story):
    page = soup(client.get("/chu-de/thi-dua/"))
    assert all(img["alt"] == "" for img in page.select(".card__media img"))


# --- 8. accessible names, landmarks, headings ---------------------------------------------


def test_text_size_buttons_names_contain_their_visible_text(client, story):
    page = soup(client.get(story.url))
    for button in page.select("[data-text-size], [data-contrast-toggle]"):
        visible = "".join(button.find_all(string=True, recursive=False)).strip()
        assert visible, button
        label = button.get("aria-label")
        assert label is None or visible in label
        assert visible in button.get_text()


@pytest.mark.parametrize("url", ["/", "/tim-kiem/?q=thi+dua", "/luu-tru/", "/chu-de/thi-dua/"])
def test_landmarks_of_one_kind_have_unique_labels(client, story, url):
    page = soup(client.get(url))
    navs = [nav.get("aria-label") for nav in page.select("nav")]
    searches = [form.get("aria-label") for form in page.select("[role=search]")]
    for labels in (navs, searches):
        assert all(labels) and len(set(labels)) == len(labels), labels


@pytest.mark.parametrize("url", ["/chu-de/thi-dua/", "/tim-kiem/?q=thi+dua", "/luu-tru/", "/phong-trao/"])
def test_headings_never_skip_a_level(client, story, url):
    levels = [int(h.name[1]) for h in soup(client.get(url)).select("main h1, main h2, main h3, main h4")]
    assert levels[0] == 1
    assert all(after - before <= 1 for before, after in zip(levels, levels[1:], strict=False)), levels


def test_phone_menu_button_controls_the_tools_and_the_menu(client, story):
    page = soup(client.get(story.url))
    button = page.select_one("button[data-menu-toggle]")
    assert button.get_text(strip=True) == "Menu" and button["aria-expanded"] == "true"
    for target in button["aria-controls"].split():
        assert page.find(id=target) is not None
