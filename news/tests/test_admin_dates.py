"""Dates typed in the admin are read day first (dd/mm/yyyy), in Vietnam time, through the real views."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import formats, timezone, translation
from wagtail.models import Page, Revision

from news.dates import DATE_INVALID, DATETIME_INVALID
from news.models import ArticlePage, CampaignPage
from ratings.models import Rating
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("quantri", is_superuser=True, is_staff=True))
    return client


def article_data(**fields):
    data = {
        "title": "Bài viết về thi đua",
        "slug": "bai-viet-ve-thi-dua",
        "dateline": "Hà Nội",
        "source": "Chinhphu.vn",
        "sapo": "Sapo.",
        "published_at": "",
        "body-count": "0",
        "tags": "",
    }
    data.update(fields)
    return data


def add_url(campaign):
    return f"/admin/pages/add/news/articlepage/{campaign.pk}/"


def local(value):
    return timezone.localtime(value, VN).replace(tzinfo=None)


def rendered_value(html, name):
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return value.group(1) if value else ""


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("15/12/2025 08:04", dt.datetime(2025, 12, 15, 8, 4)),
        ("05/11/2026 09:00", dt.datetime(2026, 11, 5, 9, 0)),
        ("11/01/2022 07:30:15", dt.datetime(2022, 1, 11, 7, 30, 15)),
        ("2026-11-05 09:00", dt.datetime(2026, 11, 5, 9, 0)),
        ("2026-11-05T09:00", dt.datetime(2026, 11, 5, 9, 0)),
    ],
)
def test_typed_publication_time_is_read_day_first_in_vietnam_time(admin_client, campaign, typed, expected):
    response = admin_client.post(add_url(campaign), article_data(published_at=typed, **{"action-publish": "1"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    article = ArticlePage.objects.get(slug="bai-viet-ve-thi-dua")
    assert article.live
    assert local(article.published_at) == expected


@pytest.mark.parametrize("typed", ["31/02/2026 08:00", "13/13/2026", "abc", "05/11/26 9h"])
def test_impossible_or_garbled_time_gets_a_vietnamese_message_and_nothing_is_saved(admin_client, campaign, typed):
    response = admin_client.post(add_url(campaign), article_data(published_at=typed, **{"action-publish": "1"}))
    assert response.status_code == 200
    assert DATETIME_INVALID in response.content.decode()
    assert not ArticlePage.objects.filter(slug="bai-viet-ve-thi-dua").exists()


def test_invalid_time_on_an_existing_article_leaves_it_untouched(admin_client, campaign):
    article = ArticlePageFactory(parent=campaign, published_at=dt.datetime(2025, 12, 15, 8, 4, tzinfo=VN))
    revisions = Revision.objects.count()
    response = admin_client.post(
        f"/admin/pages/{article.pk}/edit/",
        article_data(title=article.title, slug=article.slug, published_at="13/13/2026", **{"action-publish": "1"}),
    )
    assert response.status_code == 200
    assert DATETIME_INVALID in response.content.decode()
    assert Revision.objects.count() == revisions
    article.refresh_from_db()
    assert local(article.published_at) == dt.datetime(2025, 12, 15, 8, 4)


@pytest.mark.parametrize(
    "stored", [dt.datetime(2025, 12, 15, 8, 4, tzinfo=VN), dt.datetime(2022, 1, 11, 7, 30, tzinfo=VN)]
)
def test_article_saved_unchanged_keeps_its_date(admin_client, campaign, stored):
    article = ArticlePageFactory(parent=campaign, published_at=stored)
    form = admin_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    shown = rendered_value(form, "published_at")
    assert shown == f"{stored:%d/%m/%Y %H:%M}"
    response = admin_client.post(
        f"/admin/pages/{article.pk}/edit/",
        article_data(title=article.title, slug=article.slug, published_at=shown, **{"action-publish": "1"}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert local(article.published_at) == stored.replace(tzinfo=None)


def test_new_article_form_starts_with_an_empty_publication_time(admin_client, campaign):
    form = admin_client.get(add_url(campaign)).content.decode()
    assert rendered_value(form, "published_at") == ""
    assert "15/12/2025 08:04" in form  # the help text shows the expected shape


def test_direct_publish_without_a_time_takes_the_publishing_moment(admin_client, campaign, monkeypatch):
    moment = dt.datetime(2026, 11, 24, 7, 53, tzinfo=VN)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    admin_client.post(add_url(campaign), article_data(**{"action-publish": "1"}))
    article = ArticlePage.objects.get(slug="bai-viet-ve-thi-dua")
    assert article.live and article.published_at == moment


def test_review_approval_sets_the_time_and_a_later_republish_keeps_it(client, make_user, campaign, monkeypatch):
    editor, reviewer = make_user("bientap", "Biên tập viên"), make_user("duyetbai", "Duyệt bài")
    client.force_login(editor)
    response = client.post(add_url(campaign), article_data(**{"action-submit": "1"}))
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="bai-viet-ve-thi-dua")
    assert article.published_at is None and not article.live

    approved_at = dt.datetime(2026, 11, 24, 10, 15, tzinfo=VN)
    monkeypatch.setattr(timezone, "now", lambda: approved_at)
    client.force_login(reviewer)
    task_state = article.current_workflow_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{article.pk}/approve/{task_state.pk}/", {"comment": "", "next": "/admin/"}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live
    assert article.published_at == approved_at

    # The editor's form for the published story shows that time, and republishing keeps it.
    monkeypatch.setattr(timezone, "now", lambda: approved_at + dt.timedelta(days=3))
    form = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert rendered_value(form, "published_at") == "24/11/2026 10:15"
    client.post(
        f"/admin/pages/{article.pk}/edit/",
        article_data(sapo="Sapo đã sửa.", published_at="", **{"action-publish": "1"}),
    )
    article.refresh_from_db()
    assert article.sapo == "Sapo đã sửa." and article.published_at == approved_at


def test_typed_time_survives_review_approval(client, make_user, campaign):
    editor, reviewer = make_user("bientap", "Biên tập viên"), make_user("duyetbai", "Duyệt bài")
    client.force_login(editor)
    client.post(add_url(campaign), article_data(published_at="05/11/2025 09:00", **{"action-submit": "1"}))
    article = ArticlePage.objects.get(slug="bai-viet-ve-thi-dua")
    client.force_login(reviewer)
    client.post(f"/admin/pages/workflow/action/{article.pk}/approve/{article.current_workflow_task_state.pk}/")
    article.refresh_from_db()
    assert article.live and local(article.published_at) == dt.datetime(2025, 11, 5, 9, 0)


def test_go_live_typed_day_first_publishes_on_schedule_with_its_time(admin_client, campaign, monkeypatch):
    response = admin_client.post(
        add_url(campaign), article_data(go_live_at="05/11/2030 09:00", **{"action-publish": "1"})
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = ArticlePage.objects.get(slug="bai-viet-ve-thi-dua")
    assert not article.live and article.published_at is None
    scheduled = Revision.objects.get(object_id=str(article.pk), approved_go_live_at__isnull=False)
    assert local(scheduled.approved_go_live_at) == dt.datetime(2030, 11, 5, 9, 0)

    went_live = dt.datetime(2030, 11, 5, 9, 1, tzinfo=VN)
    monkeypatch.setattr(timezone, "now", lambda: went_live)
    call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live and article.published_at == went_live


def test_expiry_typed_day_first(admin_client, campaign):
    admin_client.post(add_url(campaign), article_data(expire_at="05/11/2030 09:00", **{"action-publish": "1"}))
    article = ArticlePage.objects.get(slug="bai-viet-ve-thi-dua")
    assert local(article.expire_at) == dt.datetime(2030, 11, 5, 9, 0)


def test_invalid_go_live_gets_a_vietnamese_message(admin_client, campaign):
    response = admin_client.post(add_url(campaign), article_data(go_live_at="31/02/2030", **{"action-publish": "1"}))
    assert response.status_code == 200
    assert DATETIME_INVALID in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_campaign_period_typed_day_first(admin_client, campaign_index):
    data = {
        "title": "Thi đua nông thôn mới",
        "slug": "nong-thon-moi",
        "short_title": "",
        "slogan": "",
        "launching_body": "UBND tỉnh Lào Cai",
        "decision_reference": "",
        "start_date": "05/11/2026",
        "end_date": "11/01/2027",
        "status": "running",
        "action-publish": "1",
    }
    response = admin_client.post(f"/admin/pages/add/news/campaignpage/{campaign_index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign = CampaignPage.objects.get(slug="nong-thon-moi")
    assert (campaign.start_date, campaign.end_date) == (dt.date(2026, 11, 5), dt.date(2027, 1, 11))
    form = admin_client.get(f"/admin/pages/{campaign.pk}/edit/").content.decode()
    assert rendered_value(form, "start_date") == "05/11/2026"

    response = admin_client.post(f"/admin/pages/{campaign.pk}/edit/", {**data, "end_date": "31/02/2027"})
    assert response.status_code == 200 and DATE_INVALID in response.content.decode()


def test_ratings_report_date_range_is_day_first(admin_client, campaign, make_user):
    november = ArticlePageFactory(parent=campaign, title="Bài chấm tháng 11")
    may = ArticlePageFactory(parent=campaign, title="Bài chấm tháng 5")
    staff = make_user("truyenthong", "Truyền thông")
    for page, day in ((november, dt.datetime(2026, 11, 5, 10, tzinfo=VN)), (may, dt.datetime(2026, 5, 11, tzinfo=VN))):
        rating = Rating.objects.create(page=page, user=staff, score=4)
        Rating.objects.filter(pk=rating.pk).update(updated_at=day)

    body = admin_client.get("/admin/reports/danh-gia/", {"date_from": "05/11/2026", "date_to": "05/11/2026"})
    body = body.content.decode()
    assert "Bài chấm tháng 11" in body and "Bài chấm tháng 5" not in body

    body = admin_client.get("/admin/reports/danh-gia/", {"date_from": "31/02/2026"}).content.decode()
    assert DATE_INVALID in body
    assert "Bài chấm tháng 11" not in body and "Bài chấm tháng 5" not in body


def test_site_history_report_filters_by_day_first_dates(admin_client, campaign):
    from wagtail.models import PageLogEntry

    page = Page.objects.get(pk=campaign.pk)
    for day in (dt.datetime(2026, 11, 5, 10, tzinfo=VN), dt.datetime(2026, 5, 11, 10, tzinfo=VN)):
        entry = PageLogEntry.objects.log_action(page, "wagtail.edit", title=f"Sửa ngày {day:%d-%m}")
        PageLogEntry.objects.filter(pk=entry.pk).update(timestamp=day)
    body = admin_client.get(
        "/admin/reports/site-history/results/", {"timestamp_from": "05/11/2026", "timestamp_to": "05/11/2026"}
    ).content.decode()
    assert "05/11/2026" in body and "11/05/2026" not in body  # 5 November, not 11 May


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_admin_language_reads_what_wagtail_widgets_write(settings, language):
    """Wagtail renders and picks dates with WAGTAIL_*_FORMAT in every language; each must parse back."""
    with translation.override(language):
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == settings.WAGTAIL_DATE_FORMAT
        assert formats.get_format("DATETIME_INPUT_FORMATS")[0] == settings.WAGTAIL_DATETIME_FORMAT
        assert settings.WAGTAIL_TIME_FORMAT in formats.get_format("TIME_INPUT_FORMATS")
        assert not any(fmt.startswith("%m") for fmt in formats.get_format("DATETIME_INPUT_FORMATS"))
