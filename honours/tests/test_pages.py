"""Readers' pages of the honour roll: what they show, what they never show, and their query counts."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from honours.models import Kind, Stage, TimelineEvent
from honours.purging import unit_path
from news.cache import content_version
from tests.factories import ArticlePageFactory, OrganisationFactory

from .factories import AwardFormFactory, CommendationFactory, DecisionFactory

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_the_roll_lists_recipients_and_finds_them_without_accents(client):
    CommendationFactory(name="Nguyễn Văn An")
    CommendationFactory(name="Trần Thị Hồng")

    page = client.get("/khen-thuong/", {"q": "nguyen van an"}).content.decode()

    assert "Nguyễn Văn An" in page and "Trần Thị Hồng" not in page
    assert "1 kết quả cho “nguyen van an”" in page


def test_the_roll_answers_a_malformed_filter_with_400_in_vietnamese(client):
    response = client.get("/khen-thuong/", {"year": "hai nghìn"})

    assert response.status_code == 400
    assert "Năm không hợp lệ" in response.content.decode()


def test_the_roll_costs_the_same_queries_for_five_or_thirty_recipients(client):
    CommendationFactory.create_batch(5)
    client.get("/khen-thuong/")  # menus and site settings cached, as for every reader after the first
    few = queries(client, "/khen-thuong/")
    CommendationFactory.create_batch(25)
    client.get("/khen-thuong/")  # the new rows started a new content version: caches refill once
    many = queries(client, "/khen-thuong/")

    assert many == few


def test_a_decision_page_lists_its_recipients_and_reads_as_legislation(client):
    decision = DecisionFactory(number="1520/QĐ-TTg", date=dt.date(2021, 9, 6), issuer="Thủ tướng Chính phủ")
    CommendationFactory(name="Cục Quản trị", kind=Kind.COLLECTIVE, decision=decision)
    CommendationFactory(name="Người khác quyết định")

    page = client.get("/khen-thuong/quyet-dinh/1520-qd-ttg/").content.decode()

    assert "Cục Quản trị" in page and "Người khác quyết định" not in page
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(\{"@context[^<]*"Legislation".*?)</script>', page).group(1)
    )
    assert data["legislationIdentifier"] == "1520/QĐ-TTg" and data["legislationDate"] == "2021-09-06"


def test_stories_about_a_decision_are_shown_only_when_live(client, campaign):
    decision = DecisionFactory()
    shown = ArticlePageFactory(parent=campaign, title="Trao Cờ thi đua của Chính phủ")
    hidden = ArticlePageFactory(parent=campaign, title="Bản nháp chưa duyệt", live=False)
    row = CommendationFactory(decision=decision)
    row.articles.set([shown, hidden])

    page = client.get(decision.get_absolute_url()).content.decode()

    assert "Trao Cờ thi đua của Chính phủ" in page and "Bản nháp chưa duyệt" not in page


def test_a_unit_page_shows_its_own_awards_and_its_peoples_by_year(client):
    cuc = OrganisationFactory(name="Cục Quản trị")
    CommendationFactory(name="Cục Quản trị", kind=Kind.COLLECTIVE, year=2020, unit=OrganisationFactory(name="VPCP"))
    CommendationFactory(name="Lê Thị Cúc", unit=cuc, year=2023)
    CommendationFactory(name="Người đơn vị khác", year=2023)

    page = client.get(unit_path(cuc)).content.decode()

    assert "Năm 2023" in page and "Năm 2020" in page
    assert "Lê Thị Cúc" in page and "Người đơn vị khác" not in page
    assert page.index("Năm 2023") < page.index("Năm 2020")


def test_a_unit_address_with_another_slug_redirects_to_the_right_one(client):
    unit = OrganisationFactory(name="Bộ Tư pháp")

    response = client.get(f"/khen-thuong/don-vi/ten-cu-{unit.pk}/")

    assert response.status_code == 301 and response["Location"] == unit_path(unit)


def test_an_unpublished_unit_has_no_page(client):
    unit = OrganisationFactory(name="Đơn vị chưa duyệt", live=False)

    assert client.get(unit_path(unit)).status_code == 404


def test_a_campaign_page_shows_its_timeline_with_live_stories_only(client, campaign):
    launch = ArticlePageFactory(parent=campaign, title="Phát động phong trào chuyển đổi số")
    draft = ArticlePageFactory(parent=campaign, title="Bài nháp về ký giao ước", live=False)
    TimelineEvent.objects.create(
        campaign=campaign, stage=Stage.LAUNCH, date=dt.date(2021, 3, 15), title="Phát động", article=launch
    )
    TimelineEvent.objects.create(
        campaign=campaign, stage=Stage.PLEDGE, date=dt.date(2021, 3, 25), title="Ký giao ước", article=draft
    )
    CommendationFactory(name="Người trong phong trào", campaign=campaign)
    CommendationFactory(name="Người ngoài phong trào")

    page = client.get(f"/khen-thuong/phong-trao/{campaign.slug}/").content.decode()

    assert "15/03/2021" in page and "Phát động phong trào chuyển đổi số" in page
    assert "Ký giao ước" in page and "Bài nháp về ký giao ước" not in page
    assert "Người trong phong trào" in page and "Người ngoài phong trào" not in page


def test_an_unpublished_campaign_has_no_honour_page(client, campaign):
    campaign.unpublish()

    assert client.get(f"/khen-thuong/phong-trao/{campaign.slug}/").status_code == 404


def test_a_new_commendation_starts_new_cached_pages():
    before = content_version()
    CommendationFactory()

    assert content_version() > before


def test_an_award_form_for_collectives_refuses_a_person():
    from django.core.exceptions import ValidationError

    from honours.models import AwardKind

    flag = AwardFormFactory(name="Cờ thi đua của Chính phủ", kind=AwardKind.COLLECTIVE)
    row = CommendationFactory.build(award=flag, kind=Kind.INDIVIDUAL, decision=DecisionFactory(), unit=None)

    with pytest.raises(ValidationError, match="chỉ dành cho tập thể"):
        row.full_clean()


def test_the_sitemap_lists_decisions_and_units_with_awards(client):
    unit = OrganisationFactory(name="Bộ Tư pháp")
    OrganisationFactory(name="Đơn vị chưa có khen thưởng")
    CommendationFactory(unit=unit, decision=DecisionFactory(number="7/QĐ-BTP"))

    index = client.get("/sitemap.xml").content.decode()
    section = client.get("/sitemap-khen-thuong.xml").content.decode()

    assert "sitemap-khen-thuong.xml" in index
    assert "/khen-thuong/quyet-dinh/7-qd-btp/" in section
    assert unit_path(unit) in section and "don-vi-chua-co-khen-thuong" not in section


def test_decision_numbers_that_fold_to_the_same_slug_get_distinct_addresses(client):
    first = DecisionFactory(number="453/QĐ-TTg")
    second = DecisionFactory(number="453-QĐ-TTg")

    assert (first.slug, second.slug) == ("453-qd-ttg", "453-qd-ttg-2")
    assert "453-QĐ-TTg" in client.get(second.get_absolute_url()).content.decode()


def test_a_large_unit_lists_its_newest_awards_counts_every_year_and_links_to_the_rest(client, monkeypatch):
    monkeypatch.setattr("honours.views.UNIT_ROWS", 3)
    unit = OrganisationFactory(name="Bộ Tư pháp")
    for year in (2019, 2020, 2021, 2021, 2021):
        CommendationFactory(unit=unit, year=year)

    page = client.get(unit_path(unit)).content.decode()

    assert "Dưới đây là 3 lượt mới nhất" in page and f"?unit={unit.pk}" in page
    assert "2019</a> (1)" in page  # a year without listed rows is still counted
    assert page.count("<tbody>") == 1 and page.count('data-label="Năm"') == 3
