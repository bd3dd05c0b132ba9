"""What a reader sees: the article's anatomy, listings, archive, errors."""

import datetime as dt
import json

import pytest

from news.models import ArticlePage, HomeFeaturedArticle
from tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    CampaignPageFactory,
    paragraph_block,
    photo_block,
)
from tests.html import soup

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def story(campaign, image):
    return ArticlePageFactory(
        parent=campaign,
        title="Đảng bộ Văn phòng Chính phủ phát động thi đua năm 2017",
        dateline="Hà Nội",
        source="Chinhphu.vn",
        sapo="Toàn thể cán bộ cam kết hoàn thành xuất sắc nhiệm vụ.",
        published_at=dt.datetime(2017, 1, 13, 5, 49, tzinfo=UTC),
        featured_image=image,
        body=[
            paragraph_block("Tại hội nghị, lãnh đạo đề nghị các đơn vị xây dựng kế hoạch."),
            photo_block(image, "Quang cảnh hội nghị"),
            paragraph_block("Các đơn vị ký cam kết."),
            photo_block(image, "Trao Bằng khen", credit="VGP/Nhật Bắc"),
        ],
        tags=["thi đua", "khen thưởng"],
        authors=[AuthorFactory(name="Minh Anh")],
    )


def test_article_shows_dateline_vietnamese_time_and_machine_time(client, story):
    page = soup(client.get(story.url))
    time = page.select_one(".article__meta time")
    assert time.text == "Thứ sáu, 13/01/2017 12:49 GMT+7"
    assert time["datetime"] == "2017-01-13T12:49:00+07:00"
    assert page.select_one(".article__dateline").text == "Hà Nội"


def test_article_sapo_is_prefixed_with_its_source(client, story):
    sapo = soup(client.get(story.url)).select_one(".article__sapo").text
    assert sapo.startswith("(Chinhphu.vn) - Toàn thể cán bộ")


def test_photos_are_figures_numbered_with_credits(client, story):
    figures = soup(client.get(story.url)).select(".article__body figure.photo")
    assert len(figures) == 2
    first, second = (figure.figcaption.get_text(" ", strip=True) for figure in figures)
    assert first == "Ảnh 1. Quang cảnh hội nghị – Ảnh: VGP/Hoàng Giang"  # credit from the image library
    assert second == "Ảnh 2. Trao Bằng khen – Ảnh: VGP/Nhật Bắc"  # credit typed on the block wins
    img = figures[0].find("img")
    assert img["alt"] and img["loading"] == "lazy"
    assert figures[0].find("source", type="image/webp") is not None


def test_article_has_byline_tags_and_share_links(client, story):
    page = soup(client.get(story.url))
    assert page.select_one(".article__byline").text == "Minh Anh"
    assert {a.text for a in page.select(".article__tags a")} == {"khen thưởng", "thi đua"}
    share = page.select_one(".share").get_text(" ")
    for label in ("Facebook", "Zalo", "E-mail", "Sao chép liên kết", "In bài"):
        assert label in share


def test_article_carries_newsarticle_json_ld(client, story):
    page = soup(client.get(story.url))
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == story.title
    assert data["datePublished"] == "2017-01-13T12:49:00+07:00"
    assert data["author"] == [{"@type": "Person", "name": "Minh Anh"}]
    assert data["image"][0].startswith("http://testserver/")
    assert data["articleSection"] == "Thi đua chuyển đổi số"


def test_article_carries_opengraph_tags(client, story):
    page = soup(client.get(story.url))
    og = {tag["property"]: tag["content"] for tag in page.select("meta[property]")}
    assert og["og:type"] == "article"
    assert og["og:title"] == story.title
    assert og["og:url"] == "http://testserver" + story.url
    assert og["og:image"].startswith("http://testserver/")
    assert og["article:published_time"] == "2017-01-13T12:49:00+07:00"


def test_print_view_has_the_article_without_site_chrome(client, story):
    page = soup(client.get(story.url + "ban-in/"))
    assert page.h1.text == story.title
    assert page.select(".photo__number")[1].text == "Ảnh 2."
    assert page.select_one(".site-nav") is None
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_breadcrumbs_lead_home_through_the_campaign(client, story):
    crumbs = [a.text for a in soup(client.get(story.url)).select(".breadcrumbs a")]
    assert crumbs == ["Trang chủ", "Phong trào thi đua", "Thi đua chuyển đổi số"]


def test_related_articles_prefer_shared_tags(client, campaign, campaign_index, story):
    other_campaign = CampaignPageFactory(parent=campaign_index)
    around = story.published_at - dt.timedelta(days=3)
    sharing = ArticlePageFactory(
        parent=other_campaign, title="Cùng chủ đề", tags=["thi đua", "khen thưởng"], published_at=around
    )
    ArticlePageFactory(parent=other_campaign, title="Không liên quan", tags=["nông thôn mới"], published_at=around)
    titles = [a.text for a in soup(client.get(story.url)).select(".related .card__title a")]
    assert titles[0] == sharing.title
    assert "Không liên quan" not in titles


def test_home_shows_featured_latest_and_running_campaigns(client, home, campaign, story):
    newer = ArticlePageFactory(parent=campaign, title="Tin mới nhất hôm nay")
    HomeFeaturedArticle.objects.create(home=home, article=story, sort_order=0)
    page = soup(client.get("/"))
    assert page.select_one(".home-featured .card__title").text.strip() == story.title
    assert page.select_one(".latest-list a").text == newer.title
    block = page.select_one(".campaign-block")
    assert block.h3.text == "Thi đua chuyển đổi số"
    assert [a.text for a in block.select(".card__title a")] == [newer.title, story.title]


def test_campaign_lists_its_articles_newest_first_and_paginates(client, campaign):
    base = dt.datetime(2024, 1, 1, tzinfo=UTC)
    for day in range(14):
        ArticlePageFactory(parent=campaign, title=f"Bài ngày {day + 1}", published_at=base + dt.timedelta(days=day))
    first = soup(client.get(campaign.url))
    titles = [a.text for a in first.select(".card__title a")]
    assert titles[:2] == ["Bài ngày 14", "Bài ngày 13"] and len(titles) == 12
    second = soup(client.get(campaign.url + "?trang=2"))
    assert [a.text for a in second.select(".card__title a")] == ["Bài ngày 2", "Bài ngày 1"]


@pytest.mark.parametrize("junk", ["abc", "-1", "0", "999999", "1e9", "%00"])
def test_junk_page_numbers_answer_calmly(client, campaign, junk):
    ArticlePageFactory(parent=campaign)
    assert client.get(campaign.url, {"trang": junk}).status_code == 200


def test_unpublished_articles_are_not_listed_or_served(client, campaign):
    draft = ArticlePageFactory(parent=campaign, title="Bản nháp chưa duyệt", live=False)
    assert "Bản nháp chưa duyệt" not in client.get(campaign.url).content.decode()
    assert client.get(draft.url or f"{campaign.url}{draft.slug}/").status_code == 404


def test_private_articles_are_left_out_of_listings(client, campaign):
    from wagtail.models import PageViewRestriction

    hidden = ArticlePageFactory(parent=campaign, title="Tin nội bộ")
    ArticlePageFactory(parent=campaign, title="Tin công khai")
    assert "Tin nội bộ" in client.get(campaign.url).content.decode()
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    body = client.get(campaign.url).content.decode()
    assert "Tin nội bộ" not in body and "Tin công khai" in body
    assert client.get(hidden.url).status_code == 302  # sent to log in


def test_tag_page_lists_tagged_articles(client, home, story, campaign):
    ArticlePageFactory(parent=campaign, title="Không gắn thẻ")
    page = soup(client.get("/chu-de/thi-dua/"))
    assert [a.text for a in page.select(".card__title a")] == [story.title]
    assert page.h1.get_text(" ", strip=True) == "Chủ đề thi đua"


def test_unknown_tag_is_a_404(client, home):
    assert client.get("/chu-de/khong-ton-tai/").status_code == 404


def test_archive_filters_by_year_and_month(client, campaign):
    ArticlePageFactory(parent=campaign, title="Tháng ba", published_at=dt.datetime(2023, 3, 5, 3, tzinfo=UTC))
    ArticlePageFactory(parent=campaign, title="Tháng năm", published_at=dt.datetime(2023, 5, 5, 3, tzinfo=UTC))
    ArticlePageFactory(parent=campaign, title="Năm khác", published_at=dt.datetime(2022, 5, 5, 3, tzinfo=UTC))
    year = [a.text for a in soup(client.get("/luu-tru/2023/")).select(".card__title a")]
    assert year == ["Tháng năm", "Tháng ba"]
    month = [a.text for a in soup(client.get("/luu-tru/2023/3/")).select(".card__title a")]
    assert month == ["Tháng ba"]
    months = [a.text for a in soup(client.get("/luu-tru/")).select(".archive-nav a")]
    assert months == ["Tháng 5/2023", "Tháng 3/2023", "Tháng 5/2022"]


def test_archive_month_uses_vietnam_calendar(client, campaign):
    # 18:30 UTC on 31 March is already 1 April in Hà Nội.
    ArticlePageFactory(parent=campaign, title="Đầu tháng tư", published_at=dt.datetime(2023, 3, 31, 18, 30, tzinfo=UTC))
    assert "Đầu tháng tư" in client.get("/luu-tru/2023/4/").content.decode()
    assert "Đầu tháng tư" not in client.get("/luu-tru/2023/3/").content.decode()


@pytest.mark.parametrize("url", ["/luu-tru/2023/13/", "/luu-tru/2023/0/", "/khong-co-trang-nay/"])
def test_bad_archive_and_unknown_urls_get_the_vietnamese_404(client, home, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_server_error_page_is_vietnamese(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert 'lang="vi"' in html and "Hệ thống đang gặp sự cố" in html


def test_campaign_index_separates_running_and_closed(client, campaign_index, campaign):
    CampaignPageFactory(
        parent=campaign_index, title="Phong trào cũ", start_date=dt.date(2019, 1, 1), end_date=dt.date(2020, 12, 31)
    )
    page = soup(client.get(campaign_index.url))
    running, closed = page.select(".campaign-grid")
    assert "Thi đua chuyển đổi số" in running.text and "Phong trào cũ" in closed.text


def test_every_page_has_landmarks_skip_link_and_reader_tools(client, story):
    page = soup(client.get(story.url))
    assert page.html["lang"] == "vi"
    assert page.select_one("a.skip-link")["href"] == "#main"
    for landmark in ("header[role=banner]", "main#main", "footer[role=contentinfo]", "nav[aria-label]"):
        assert page.select_one(landmark) is not None, landmark
    assert page.select_one("[data-contrast-toggle]") is not None
    assert page.select_one("[data-text-size=up]") is not None
    assert page.select_one("a.back-to-top") is not None


def test_header_menu_follows_publishing(client, home, campaign_index, campaign):
    campaign.short_title = "Chuyển đổi số"
    campaign.save_revision().publish()
    assert "Chuyển đổi số" in soup(client.get("/")).select_one(".site-nav").text
    campaign.unpublish()
    assert "Chuyển đổi số" not in soup(client.get("/")).select_one(".site-nav").text


def test_archive_month_list_follows_publishing_and_unpublishing(client, campaign):
    ArticlePageFactory(parent=campaign, published_at=dt.datetime(2023, 3, 5, 3, tzinfo=UTC))
    assert [a.text for a in soup(client.get("/luu-tru/")).select(".archive-nav a")] == ["Tháng 3/2023"]
    june = ArticlePage(title="Bài tháng sáu", published_at=dt.datetime(2023, 6, 5, 3, tzinfo=UTC))
    campaign.add_child(instance=june)
    june.save_revision().publish()
    assert [a.text for a in soup(client.get("/luu-tru/")).select(".archive-nav a")] == ["Tháng 6/2023", "Tháng 3/2023"]
    june.unpublish()
    assert [a.text for a in soup(client.get("/luu-tru/")).select(".archive-nav a")] == ["Tháng 3/2023"]


@pytest.mark.parametrize("url", ["/luu-tru/0001/", "/luu-tru/9999/12/"])
def test_out_of_range_archive_years_are_404(client, home, url):
    assert client.get(url).status_code == 404
