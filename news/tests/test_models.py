import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from news.models import ArticlePage, BlocLeader, CampaignPage
from tests.factories import (
    ArticlePageFactory,
    CampaignPageFactory,
    EmulationBlocFactory,
    OrganisationFactory,
    paragraph_block,
    photo_block,
)

pytestmark = pytest.mark.django_db


def test_article_without_slug_gets_one_without_diacritics(campaign):
    article = ArticlePage(title="Đảng bộ VPCP phát động thi đua năm 2024", sapo="")
    campaign.add_child(instance=article)
    assert article.slug == "dang-bo-vpcp-phat-dong-thi-dua-nam-2024"


def test_duplicate_titles_get_distinct_slugs(campaign):
    first = ArticlePage(title="Tổng kết thi đua")
    campaign.add_child(instance=first)
    second = ArticlePage(title="Tổng kết thi đua")
    campaign.add_child(instance=second)
    assert first.slug == "tong-ket-thi-dua"
    assert second.slug != first.slug and second.slug.startswith("tong-ket-thi-dua")


def test_article_records_its_parent_campaign(campaign):
    article = ArticlePageFactory(parent=campaign)
    assert ArticlePage.objects.get(pk=article.pk).campaign_id == campaign.pk


def test_moving_an_article_updates_its_campaign(campaign, campaign_index):
    other = CampaignPageFactory(parent=campaign_index, title="Phong trào khác")
    article = ArticlePageFactory(parent=campaign)
    article.move(other, pos="last-child")
    assert ArticlePage.objects.get(pk=article.pk).campaign_id == other.pk


def test_campaign_end_before_start_is_rejected(campaign_index):
    page = CampaignPage(
        title="Sai ngày",
        launching_body="VPCP",
        start_date=dt.date(2024, 5, 1),
        end_date=dt.date(2024, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "end_date" in error.value.message_dict


def test_photos_are_numbered_in_body_order_skipping_other_blocks(campaign, image):
    article = ArticlePageFactory(
        parent=campaign,
        body=[
            paragraph_block("Mở đầu"),
            photo_block(image, "Ảnh đầu"),
            paragraph_block("Giữa"),
            photo_block(image, "Ảnh sau"),
        ],
    )
    numbers = [number for _, number in ArticlePage.objects.get(pk=article.pk).numbered_body]
    assert numbers == [None, 1, None, 2]


def test_bloc_leader_is_looked_up_by_year():
    bloc = EmulationBlocFactory()
    unit_a, unit_b = OrganisationFactory(name="Bộ Tư pháp"), OrganisationFactory(name="Bộ Nội vụ")
    BlocLeader.objects.create(bloc=bloc, year=2023, organisation=unit_a)
    BlocLeader.objects.create(bloc=bloc, year=2024, organisation=unit_b)
    assert bloc.leader_for(2024) == unit_b
    assert bloc.leader_for(2022) is None


def test_bloc_cannot_have_two_leaders_in_one_year():
    from django.db import IntegrityError, transaction

    bloc = EmulationBlocFactory()
    BlocLeader.objects.create(bloc=bloc, year=2024, organisation=OrganisationFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        BlocLeader.objects.create(bloc=bloc, year=2024, organisation=OrganisationFactory())


def test_tags_get_ascii_slugs_and_colliding_names_stay_distinct():
    from taggit.models import Tag

    accented = Tag.objects.create(name="thi đua")
    folded = Tag.objects.create(name="thi dua")
    assert accented.slug == "thi-dua"
    assert folded.slug != accented.slug and folded.slug.isascii()
