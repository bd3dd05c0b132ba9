"""The honour roll's search ranks like the site search: name above unit, the reader's spelling above look-alikes."""

import pytest

from honours.models import Kind
from honours.queries import Filters, matching
from tests.factories import OrganisationFactory

from .factories import AwardFormFactory, CommendationFactory, DecisionFactory

pytestmark = pytest.mark.django_db


def names(q, **filters):
    results, _ = matching(Filters(q=q, **filters))
    return [row.name for row in results]


def test_accent_free_name_lists_the_readers_own_spelling_before_look_alikes():
    CommendationFactory(name="Nguyễn Văn Ân")
    CommendationFactory(name="Nguyễn Văn An")
    CommendationFactory(name="Nguyễn Văn Anh")

    assert names("nguyen van an")[:2] == ["Nguyễn Văn An", "Nguyễn Văn Ân"]


def test_typed_diacritics_put_the_exact_name_first():
    CommendationFactory(name="Nguyễn Văn An")
    CommendationFactory(name="Nguyễn Văn Ân")

    assert names("Nguyễn Văn Ân")[0] == "Nguyễn Văn Ân"


def test_a_collective_named_by_the_query_comes_before_people_of_that_unit():
    cuc = OrganisationFactory(name="Cục Quản trị")
    vpcp = OrganisationFactory(name="Văn phòng Chính phủ")
    CommendationFactory(name="Lê Thị Cúc", unit=cuc)
    CommendationFactory(name="Trần Văn Trí", unit=cuc)
    CommendationFactory(name="Cục Quản trị", kind=Kind.COLLECTIVE, unit=vpcp)

    found = names("cuc quan tri")
    assert found[0] == "Cục Quản trị"
    assert set(found[1:]) == {"Lê Thị Cúc", "Trần Văn Trí"}


def test_d_finds_the_letter_d_with_stroke():
    CommendationFactory(name="Đặng Thị Mai")

    assert names("dang thi mai") == ["Đặng Thị Mai"]


def test_every_word_must_be_found_in_the_name_or_the_unit():
    CommendationFactory(name="Nguyễn Văn An", unit=OrganisationFactory(name="Vụ Tổng hợp"))

    assert names("nguyen tong hop") == ["Nguyễn Văn An"]
    assert names("nguyen kiem soat") == []


def test_words_match_from_their_start_not_inside_another_word():
    CommendationFactory(name="Hoàng Văn Đông")

    assert names("hoang") == ["Hoàng Văn Đông"]
    assert names("oang") == []


def test_filters_apply_with_the_query():
    old = DecisionFactory(number="1/QĐ-TTg")
    CommendationFactory(name="Nguyễn Văn An", year=2019, decision=old)
    CommendationFactory(name="Nguyễn Văn An", year=2023, award=AwardFormFactory(name="Huân chương Lao động hạng Ba"))

    assert [row.year for row in matching(Filters(q="nguyen van an", year=2023))[0]] == [2023]


def test_without_a_query_the_highest_award_and_latest_year_come_first():
    high = AwardFormFactory(name="Huân chương Lao động hạng Nhất", rank=1)
    low = AwardFormFactory(name="Giấy khen", rank=90)
    CommendationFactory(name="B", award=low, year=2023)
    CommendationFactory(name="A", award=high, year=2019)
    CommendationFactory(name="C", award=high, year=2022)

    assert names("") == ["C", "A", "B"]
