"""The admin upload form and the template download: same import, no server error on any file."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from honours.importing import COLUMNS
from honours.models import Commendation, Decision

from .importing_helpers import csv_bytes, row, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer(make_user):
    """An editor who may add commendations."""
    user = make_user("nhapdanhsach", "Biên tập viên")
    user.user_permissions.add(Permission.objects.get(codename="add_commendation", content_type__app_label="honours"))
    return user


@pytest.fixture
def communications(make_user):
    """Communications staff read the honour roll but may not add to it."""
    return make_user("truyenthong", "Truyền thông")


@pytest.fixture
def importer_client(client, importer):
    client.force_login(importer)
    return client


def upload(client, data, name="qd.xlsx", **options):
    payload = {"file": SimpleUploadedFile(name, data)}
    payload.update({key: "on" for key, value in options.items() if value})
    return client.post(reverse("honours_import"), payload)


def test_the_form_is_in_vietnamese(importer_client):
    response = importer_client.get(reverse("honours_import"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập danh sách khen thưởng" in html
    assert "Chỉ kiểm tra, chưa nhập" in html
    assert reverse("honours_import_template") in html
    assert 'enctype="multipart/form-data"' in html


def test_a_valid_upload_imports_and_shows_the_summary(importer_client, catalogue):
    response = upload(importer_client, xlsx([row(), row(name="Trần Thị Bình")]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã nhập: 2 khen thưởng mới" in html
    assert Decision.objects.get().get_absolute_url() in html
    assert Commendation.objects.count() == 2
    response = upload(importer_client, xlsx([row(), row(name="Trần Thị Bình")]))
    assert "0 khen thưởng mới, 0 khen thưởng cập nhật, 2 không đổi" in response.content.decode()
    assert Commendation.objects.count() == 2


def test_an_invalid_upload_lists_every_error_in_a_table_and_imports_nothing(importer_client, catalogue):
    rows = [row(), row(name="B", year="hai nghìn"), row(name="", unit="Không Có")]
    response = upload(importer_client, csv_bytes(rows), name="loi.csv")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tệp có 3 lỗi ở 2 dòng: chưa nhập gì" in html
    assert "<td>3</td>" in html and "<td>Năm</td>" in html
    assert "<td>4</td>" in html and "<td>Họ tên / Tên tập thể</td>" in html and "<td>Đơn vị</td>" in html
    assert Decision.objects.count() == 0 and Commendation.objects.count() == 0


def test_dry_run_and_create_missing_from_the_form(importer_client, catalogue):
    data = xlsx([row(unit="Bộ Nội vụ")])
    response = upload(importer_client, data, dry_run=True, create_missing=True)
    html = response.content.decode()
    assert "Chưa ghi gì" in html and "Bộ Nội vụ" in html
    assert Commendation.objects.count() == 0
    response = upload(importer_client, data, create_missing=True)
    assert "1 đơn vị mới" in response.content.decode()
    assert Commendation.objects.get().unit.name == "Bộ Nội vụ"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("rong.csv", b"\n\n", "Tệp rỗng"),
        ("hong.xlsx", b"PK\x03\x04" + bytes(range(256)) * 8, "Không đọc được tệp Excel"),
        ("rac.xlsx", bytes(range(256)) * 8, "Không đọc được tệp Excel"),
        ("rac.csv", bytes(range(256)) * 8, "không phải CSV"),
        ("anh.png", b"\x89PNG\r\n\x1a\n", "Chỉ nhận tệp Excel"),
        ("cu.xls", b"\xd0\xcf\x11\xe0", "Excel 97–2003"),
        ("sai-cot.csv", "Tên;Tuổi\nAn;30\n".encode(), "Tên cột không có trong mẫu"),
    ],
)
def test_bad_files_get_a_vietnamese_reason_not_a_server_error(importer_client, name, data, reason):
    response = upload(importer_client, data, name=name)
    assert response.status_code == 200
    assert reason in response.content.decode()


def test_a_file_too_large_is_refused(importer_client, settings, monkeypatch):
    monkeypatch.setattr("honours.admin_import.MAX_FILE_BYTES", 1000)
    response = upload(importer_client, b"x" * 2000, name="lon.csv")
    assert "quá giới hạn" in response.content.decode()


def test_too_many_rows_are_refused(importer_client, catalogue, monkeypatch):
    monkeypatch.setattr("honours.admin_import.MAX_ADMIN_ROWS", 2)
    response = upload(importer_client, xlsx([row(name=f"Người {n}") for n in range(3)]))
    assert "quá giới hạn cho một lần tải lên" in response.content.decode()
    assert Commendation.objects.count() == 0


def test_no_file_chosen(importer_client):
    response = importer_client.post(reverse("honours_import"), {})
    assert "Hãy chọn tệp danh sách cần nhập." in response.content.decode()


def test_without_the_permission_the_page_is_closed(client, communications, catalogue):
    client.force_login(communications)
    for response in (
        client.get(reverse("honours_import")),
        upload(client, xlsx([row()])),
        client.get(reverse("honours_import_template")),
    ):
        assert response.status_code in (302, 403)
    assert Commendation.objects.count() == 0


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("honours_import"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_template_opens_with_the_headers_and_the_catalogue(importer_client, catalogue):
    response = importer_client.get(reverse("honours_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
    assert sheet[2][0].value == "453/QĐ-TTg"
    awards = [r[0] for r in workbook["Hình thức"].iter_rows(min_row=2, values_only=True)]
    assert awards == ["Cờ thi đua của Chính phủ", "Bằng khen của Thủ tướng Chính phủ"]


def test_the_template_example_imports_as_it_is(importer_client, catalogue):
    """The example row names a form in the catalogue and a real unit: an officer can try it at once."""
    data = importer_client.get(reverse("honours_import_template")).content
    response = upload(importer_client, data, name="mau.xlsx", dry_run=True)
    assert "Kiểm tra xong, tệp hợp lệ" in response.content.decode()


def test_an_unforeseen_failure_is_a_message_and_nothing_written(importer_client, catalogue, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("lỗi lạ")

    monkeypatch.setattr("honours.importing.Commendation.save", broken)
    response = upload(importer_client, xlsx([row()]))
    assert response.status_code == 200
    assert "chưa có gì được nhập" in response.content.decode()
    assert Decision.objects.count() == 0
    assert "lỗi lạ" in caplog.text


def test_the_menu_item_for_the_submenu_is_shown_to_importers_only(rf, importer, communications):
    from honours.admin_import import import_menu_item

    item = import_menu_item()
    assert item.url == reverse("honours_import")
    for user, shown in ((importer, True), (communications, False)):
        request = rf.get("/admin/")
        request.user = user
        assert item.is_shown(request) is shown
