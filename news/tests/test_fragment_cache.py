"""Rendered fragments (menu, footer, listings, article bodies) are reused, and every change a
reader could see in them shows on the very next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.models import Site

from core.models import PortalSettings
from tests.factories import ArticlePageFactory, AuthorFactory, CampaignPageFactory

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_renaming_a_campaign_shows_in_the_menu_and_on_the_home_page_at_once(client, campaign_index):
    campaign = CampaignPageFactory(parent=campaign_index, title="Thi đua chuyển đổi số", short_title="Chuyển đổi số")
    ArticlePageFactory(parent=campaign, title="Tin đầu tiên của phong trào")
    assert "Chuyển đổi số" in html(client, "/")
    campaign.title = "Thi đua số hóa toàn diện"
    campaign.short_title = "Số hóa"
    campaign.save_revision().publish()
    page = html(client, "/")
    assert ">Số hóa<" in page and "Thi đua số hóa toàn diện" in page
    assert "Chuyển đổi số" not in page
    assert ">Số hóa<" in html(client, "/luu-tru/")  # the header of every other page too


def test_editing_the_portal_settings_shows_in_the_footer_at_once(client, campaign):
    article = ArticlePageFactory(parent=campaign, title="Tin có chân trang")
    assert "Bộ Nội vụ" not in html(client, article.url)
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.governing_body = "Bộ Nội vụ"
    portal.footer_text = "Chân trang mới của chuyên mục"
    portal.save()
    for url in (article.url, "/", campaign.url):
        page = html(client, url)
        assert "Bộ Nội vụ" in page and "Chân trang mới của chuyên mục" in page


def test_an_edited_image_description_shows_on_the_article_at_once(client, campaign, image):
    article = ArticlePageFactory(parent=campaign, title="Tin có ảnh đại diện", featured_image=image)
    assert "Lễ trao Cờ thi đua" not in html(client, article.url)
    image.description = "Lễ trao Cờ thi đua của Chính phủ"
    image.save()
    assert 'alt="Lễ trao Cờ thi đua của Chính phủ"' in html(client, article.url)


def test_publishing_an_author_shows_the_byline_at_once(client, campaign):
    author = AuthorFactory(name="Nguyễn Thu Trang", live=False)
    article = ArticlePageFactory(parent=campaign, title="Tin có tác giả", authors=[author])
    assert "Nguyễn Thu Trang" not in html(client, article.url)
    author.save_revision().publish()
    assert "Nguyễn Thu Trang" in html(client, article.url)


def test_renaming_a_tag_shows_on_the_article_and_the_tag_page_at_once(client, campaign):
    article = ArticlePageFactory(parent=campaign, title="Tin gắn thẻ", tags=["khen thuong"])
    tag = Tag.objects.get(name="khen thuong")
    assert html(client, article.url).count("khen thuong") >= 1
    tag.name = "Khen thưởng"
    tag.save()
    page = html(client, article.url)
    assert "Khen thưởng" in page and "khen thuong" not in page


def test_a_live_story_saved_directly_shows_its_new_title_in_listings_at_once(client, campaign):
    article = ArticlePageFactory(parent=campaign, title="Tiêu đề cũ")
    assert "Tiêu đề cũ" in html(client, campaign.url)
    article.title = "Tiêu đề đã sửa"
    article.save()  # an import or a script writing the live row, with no publish
    page = html(client, campaign.url)
    assert "Tiêu đề đã sửa" in page and "Tiêu đề cũ" not in page


def test_saving_a_draft_keeps_the_fragments_and_shows_nothing_new(client, campaign):
    from news.cache import content_version

    article = ArticlePageFactory(parent=campaign, title="Bản đã đăng")
    assert "Bản đã đăng" in html(client, article.url)
    version = content_version()
    article.title = "Bản nháp chưa duyệt"
    article.save_revision()  # an editor's draft: readers keep the published story
    assert content_version() == version
    page = html(client, article.url)
    assert "Bản đã đăng" in page and "Bản nháp chưa duyệt" not in page


def test_a_preview_shows_the_draft_never_the_cached_fragment(client, campaign):
    article = ArticlePageFactory(parent=campaign, title="Bản đã đăng")
    assert "Bản đã đăng" in html(client, article.url)
    article.title = "Bản nháp đang xem trước"  # in memory, as a revision being previewed
    preview = article.make_preview_request().content.decode()
    assert "Bản nháp đang xem trước" in preview
    assert "Bản nháp đang xem trước" not in html(client, article.url)


def test_warm_pages_skip_the_listing_queries_and_stay_constant(client, campaign, settings):
    settings.CONTENT_VERSION_MEMO_SECONDS = 3600  # the version's own re-read, once a second, is not counted
    for number in range(15):
        ArticlePageFactory(parent=campaign, title=f"Tin số {number}", tags=["thi đua"])
    article = ArticlePageFactory(parent=campaign, title="Tin mới nhất", tags=["thi đua"])
    for url in ("/", campaign.url, article.url, "/chu-de/thi-dua/", "/luu-tru/"):
        cold = queries(client, url)
        warm = queries(client, url)
        assert warm < cold, url  # the fragments were reused: their queries did not run
    warm = {url: queries(client, url) for url in ("/", campaign.url, article.url)}
    for number in range(15, 40):
        ArticlePageFactory(parent=campaign, title=f"Tin số {number}", tags=["thi đua"])
    for url in warm:
        client.get(url)
        assert queries(client, url) == warm[url], url
    assert warm["/"] <= 6
    assert warm[article.url] <= 10


def test_the_tag_check_is_one_index_probe_per_story():
    """SQLite answered "does this story carry the tag?" through the tag's own index, reading every
    story of the tag for each candidate: no answer within five minutes at 100,000 articles."""
    from django.db.models import Exists, OuterRef

    from news.models import ArticlePageTag
    from news.queries import article_listing

    if connection.vendor != "sqlite":
        pytest.skip("the query plan checked is SQLite's")
    tag = Tag.objects.create(name="thi đua")
    listing = article_listing().filter(Exists(ArticlePageTag.objects.filter(content_object_id=OuterRef("pk"), tag=tag)))
    sql, params = listing.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "article_tag_item" in plan
