"""Communications staff read awards per unit and year (chart, export); the demo seeds an honour roll."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from honours.models import Commendation, Consultation, Decision, Kind
from tests.factories import OrganisationFactory

from .factories import CommendationFactory

pytestmark = pytest.mark.django_db
REPORT = "/admin/reports/khen-thuong/"


@pytest.fixture
def communications(client, make_user):
    client.force_login(make_user("truyenthong", "Truyền thông"))
    return client


def test_the_report_counts_awards_per_unit_and_year_with_a_chart(communications):
    vpcp = OrganisationFactory(name="Văn phòng Chính phủ")
    CommendationFactory(unit=vpcp, year=2021, kind=Kind.COLLECTIVE)
    CommendationFactory(unit=vpcp, year=2021)
    CommendationFactory(unit=vpcp, year=2023)

    page = communications.get(REPORT).content.decode()

    assert "Số lượt khen thưởng theo năm (3 lượt)" in page
    assert page.count("<rect") == 3  # 2021, 2022 (none), 2023: one bar per year of the period
    assert "<title>2021: 2 lượt</title>" in page and "<title>2022: 0 lượt</title>" in page


def test_the_report_exports_one_row_per_unit_and_year(communications):
    vpcp = OrganisationFactory(name="Văn phòng Chính phủ")
    CommendationFactory(unit=vpcp, year=2021, kind=Kind.COLLECTIVE)
    CommendationFactory(unit=vpcp, year=2021)

    response = communications.get(REPORT, {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0] == ("Đơn vị", "Năm", "Số lượt khen thưởng", "Cá nhân", "Tập thể")
    assert rows[1] == ("Văn phòng Chính phủ", 2021, 2, 1, 1)


def test_the_report_is_closed_to_staff_without_the_right_to_read_the_roll(client, make_user):
    client.force_login(make_user("nguoi-khac", is_staff=True))

    assert client.get(REPORT).status_code in (302, 403)


def test_the_demo_seeds_decisions_commendations_and_one_open_consultation_once(home):
    call_command("seed_honours", stdout=io.StringIO())
    first = (Decision.objects.count(), Commendation.objects.count(), Consultation.objects.count())
    call_command("seed_honours", stdout=io.StringIO())

    assert first == (3, 16, 1)
    assert (Decision.objects.count(), Commendation.objects.count(), Consultation.objects.count()) == first
    assert Consultation.objects.get().is_open()
