"""``GET /api/khen-thuong/``: the contract of the issue, and Vietnamese 400s for malformed parameters."""

import datetime as dt

import pytest

from honours.models import Kind
from tests.factories import CampaignPageFactory, OrganisationFactory

from .factories import AwardFormFactory, CommendationFactory, DecisionFactory

pytestmark = pytest.mark.django_db
URL = "/api/khen-thuong/"


def test_results_carry_the_recipient_award_decision_and_campaign(client, campaign):
    decision = DecisionFactory(number="453/QĐ-VPCP", date=dt.date(2021, 4, 12), issuer="Văn phòng Chính phủ")
    CommendationFactory(
        name="Cục Quản trị",
        kind=Kind.COLLECTIVE,
        unit=OrganisationFactory(name="Văn phòng Chính phủ"),
        position="",
        award=AwardFormFactory(name="Cờ thi đua của Chính phủ"),
        decision=decision,
        campaign=campaign,
        year=2020,
    )

    data = client.get(URL, {"q": "cuc quan tri"}).json()

    assert data["count"] == 1 and data["page"] == 1 and data["pages"] == 1
    assert data["results"] == [
        {
            "name": "Cục Quản trị",
            "kind": "tap-the",
            "unit": "Văn phòng Chính phủ",
            "position": "",
            "award": "Cờ thi đua của Chính phủ",
            "decision": {"number": "453/QĐ-VPCP", "date": "2021-04-12", "issuer": "Văn phòng Chính phủ"},
            "campaign": campaign.title,
            "year": 2020,
            "url": "http://testserver/khen-thuong/quyet-dinh/453-qd-vpcp/",
        }
    ]


def test_facets_count_awards_years_and_units_of_the_results(client):
    vpcp = OrganisationFactory(name="Văn phòng Chính phủ")
    flag = AwardFormFactory(name="Cờ thi đua của Chính phủ")
    CommendationFactory(name="Cục Quản trị", unit=vpcp, award=flag, year=2020)
    CommendationFactory(name="Cục Kiểm soát thủ tục hành chính", unit=vpcp, award=flag, year=2021)
    CommendationFactory(name="Sở Nội vụ tỉnh Lào Cai", year=2021)

    facets = client.get(URL, {"q": "cuc"}).json()["facets"]

    assert facets["award"] == [{"id": flag.pk, "name": "Cờ thi đua của Chính phủ", "count": 2}]
    assert facets["year"] == [{"year": 2021, "count": 1}, {"year": 2020, "count": 1}]
    assert facets["unit"] == [{"id": vpcp.pk, "name": "Văn phòng Chính phủ", "count": 2}]


def test_filters_by_award_year_campaign_unit_and_kind(client, campaign):
    unit = OrganisationFactory(name="Bộ Tư pháp")
    award = AwardFormFactory(name="Lao động tiên tiến")
    target = CommendationFactory(name="Người cần tìm", unit=unit, award=award, year=2022, campaign=campaign)
    CommendationFactory(name="Khác năm", unit=unit, award=award, year=2021, campaign=campaign)
    CommendationFactory(
        name="Khác phong trào",
        unit=unit,
        award=award,
        year=2022,
        campaign=CampaignPageFactory(parent=campaign.get_parent()),
    )
    CommendationFactory(name="Tập thể", kind=Kind.COLLECTIVE, unit=unit, award=award, year=2022, campaign=campaign)

    data = client.get(
        URL, {"award": award.pk, "year": 2022, "campaign": campaign.slug, "unit": unit.pk, "kind": "ca-nhan"}
    ).json()

    assert [row["name"] for row in data["results"]] == [target.name]


def test_pages_of_twenty(client):
    CommendationFactory.create_batch(45)

    first = client.get(URL).json()
    third = client.get(URL, {"page": 3}).json()

    assert (first["count"], first["pages"], len(first["results"])) == (45, 3, 20)
    assert (third["page"], len(third["results"])) == (3, 5)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page": "abc"}, "Số trang không hợp lệ"),
        ({"page": "0"}, "Số trang không hợp lệ"),
        ({"page": "-2"}, "Số trang không hợp lệ"),
        ({"page": "7"}, "Trang 7 không tồn tại"),
        ({"year": "20x1"}, "Năm không hợp lệ"),
        ({"year": "1700"}, "Năm không hợp lệ"),
        ({"kind": "nguoi"}, "Đối tượng không hợp lệ"),
        ({"award": "huan-chuong"}, "Hình thức khen thưởng không hợp lệ"),
        ({"unit": "1;drop"}, "Đơn vị không hợp lệ"),
    ],
)
def test_malformed_parameters_answer_400_in_vietnamese(client, params, message):
    CommendationFactory()

    response = client.get(URL, params)

    assert response.status_code == 400
    assert response.json()["error"].startswith(message)
