"""Malformed filters answer 400; drafts and restricted content are never named; editors cannot bypass
review; exports carry no formulas."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from wagtail.models import PageViewRestriction

from honours.models import AwardForm, AwardLevel, ConsultationComment
from news.models import Organisation
from tests.factories import ArticlePageFactory, CampaignPageFactory, OrganisationFactory

from .consultation_helpers import make_consultation
from .factories import AwardFormFactory, CommendationFactory, DecisionFactory
from .importing_helpers import row, xlsx

pytestmark = pytest.mark.django_db
OK = (200, 301, 302, 400, 404)


# --- malformed query parameters: 400, never 500


@pytest.mark.parametrize("name", ["year", "page", "award", "unit"])
@pytest.mark.parametrize("url", ["/khen-thuong/", "/api/khen-thuong/"])
def test_superscript_digit_is_a_400_not_a_500(client, url, name):
    CommendationFactory()
    client.raise_request_exception = False
    assert client.get(url, {name: "²"}).status_code in OK  # "²".isdigit() is True, int("²") raises


def test_campaign_roll_superscript_page_is_a_400(client, campaign):
    CommendationFactory(campaign=campaign)
    client.raise_request_exception = False
    assert client.get(f"/khen-thuong/phong-trao/{campaign.slug}/", {"page": "²"}).status_code in OK


@pytest.mark.parametrize("name", ["award", "unit"])
@pytest.mark.parametrize("url", ["/khen-thuong/", "/api/khen-thuong/"])
def test_huge_id_is_a_400_not_a_500_on_sqlite(client, url, name):
    CommendationFactory()
    client.raise_request_exception = False
    assert client.get(url, {name: "9" * 30}).status_code in OK  # OverflowError on SQLite


@pytest.mark.parametrize("url", ["/khen-thuong/", "/api/khen-thuong/"])
def test_nul_byte_in_campaign_is_not_a_500_on_postgresql(client, url):
    """PostgreSQL refuses NUL in text (psycopg.DataError): the filter is refused before the query."""
    CommendationFactory()
    client.raise_request_exception = False
    assert client.get(url, {"campaign": "a\x00b"}).status_code in OK


# --- draft and restricted campaigns are not named on public pages or in the API


def test_draft_campaign_title_is_not_shown_on_roll_or_api(client, campaign_index):
    draft = CampaignPageFactory(parent=campaign_index, title="Phong trào mật chưa công bố", slug="mat", live=False)
    CommendationFactory(name="Nguyễn Văn Bình", campaign=draft)
    assert "Phong trào mật chưa công bố" not in client.get("/khen-thuong/").content.decode()
    assert client.get("/api/khen-thuong/").json()["results"][0]["campaign"] is None


def test_restricted_campaign_title_is_not_shown_on_roll_or_api(client, campaign):
    PageViewRestriction.objects.create(page=campaign, restriction_type=PageViewRestriction.LOGIN)
    CommendationFactory(name="Nguyễn Văn Bình", campaign=campaign)
    assert campaign.title not in client.get("/khen-thuong/").content.decode()
    assert client.get("/api/khen-thuong/").json()["results"][0]["campaign"] is None


def test_restricted_campaign_is_not_named_on_a_consultation(client, campaign):
    award = AwardForm.objects.create(name="Bằng khen X", level=AwardLevel.GOVERNMENT, rank=10)
    PageViewRestriction.objects.create(page=campaign, restriction_type=PageViewRestriction.LOGIN)
    consultation = make_consultation(award, campaign)
    assert campaign.title not in client.get(consultation.get_absolute_url()).content.decode()


# --- unpublished units are not named in public


def test_unpublished_unit_name_is_not_in_api_facets_or_roll(client):
    hidden = OrganisationFactory(name="Đơn vị chưa công bố", live=False)
    CommendationFactory(name="Trần Thị Hoa", unit=hidden)
    api = client.get("/api/khen-thuong/").json()
    assert api["results"][0]["unit"] is None
    assert all(item["name"] != "Đơn vị chưa công bố" for item in api["facets"]["unit"])
    assert "Đơn vị chưa công bố" not in client.get("/khen-thuong/").content.decode()


def test_decision_page_does_not_name_an_unpublished_unit(client):
    hidden = OrganisationFactory(name="Đơn vị chưa công bố", live=False)
    decision = DecisionFactory()
    CommendationFactory(name="Trần Thị Hoa", unit=hidden, decision=decision)
    assert "Đơn vị chưa công bố" not in client.get(decision.get_absolute_url()).content.decode()


def test_article_filler_does_not_name_an_unpublished_unit(client, campaign):
    article = ArticlePageFactory(parent=campaign, title="Bài về khen thưởng")
    hidden = OrganisationFactory(name="Đơn vị chưa công bố", live=False)
    CommendationFactory(name="Trần Thị Hoa", unit=hidden).articles.add(article)
    body = client.get(article.url).content.decode()
    assert "Trần Thị Hoa" in body  # the filler ran
    assert "Đơn vị chưa công bố" not in body


# --- units created by an import are drafts for review


def test_an_editor_cannot_publish_new_units_through_the_import(client, make_user):
    AwardForm.objects.create(name="Bằng khen của Thủ tướng Chính phủ", level=AwardLevel.GOVERNMENT, rank=10)
    editor = make_user("bientap", "Biên tập viên")
    assert not editor.has_perm("news.publish_organisation")
    client.force_login(editor)
    data = xlsx([row(unit="Đơn vị ma do biên tập tạo")])
    client.post("/admin/nhap-khen-thuong/", {"file": SimpleUploadedFile("a.xlsx", data), "create_missing": "on"})
    assert not Organisation.objects.filter(name="Đơn vị ma do biên tập tạo", live=True).exists()


# --- editors cannot delete a consultation and its public comments


def test_an_editor_cannot_destroy_the_publics_comments(client, make_user):
    award = AwardForm.objects.create(name="Bằng khen V", level=AwardLevel.GOVERNMENT, rank=10)
    consultation = make_consultation(award)
    ConsultationComment.objects.create(consultation=consultation, name="A", contact="0912345678", content="Phản ánh")
    editor = make_user("bientap", "Biên tập viên")
    assert not editor.has_perm("honours.moderate_consultationcomment") and not editor.is_superuser
    client.force_login(editor)
    client.post(f"/admin/snippets/honours/consultation/delete/{consultation.pk}/")
    assert ConsultationComment.objects.filter(content="Phản ánh").exists()


# --- spreadsheets carry no formulas


def test_commendation_csv_export_neutralises_formulas(admin_client):
    CommendationFactory(name='=HYPERLINK("http://evil.example","bấm")')
    response = admin_client.get("/admin/snippets/honours/commendation/", {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert not any(cell.startswith("=") for r in rows[1:] for cell in r), rows


def test_import_template_carries_no_formula_from_the_award_catalogue(admin_client):
    AwardFormFactory(name='=HYPERLINK("http://evil.example","Bằng khen")')
    book = load_workbook(io.BytesIO(admin_client.get("/admin/nhap-khen-thuong/mau.xlsx").content))
    assert not any(cell.data_type == "f" for r in book["Hình thức"].iter_rows() for cell in r)


def test_import_template_example_unit_is_not_a_formula(admin_client):
    OrganisationFactory(name='=HYPERLINK("http://evil.example","Bộ")', live=True)
    book = load_workbook(io.BytesIO(admin_client.get("/admin/nhap-khen-thuong/mau.xlsx").content))
    assert not any(cell.data_type == "f" for r in book["Danh sách"].iter_rows() for cell in r)
