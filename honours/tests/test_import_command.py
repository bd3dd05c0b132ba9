"""``import_commendations``: a file with one bad row imports nothing; a good file imports once."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from honours.importing import COLUMNS
from honours.models import AwardForm, Commendation, Decision
from news.models import Organisation

from .importing_helpers import DATE, HEADERS, csv_bytes, row, run, xlsx

pytestmark = pytest.mark.django_db


def counts():
    return (
        Decision.objects.count(),
        Commendation.objects.count(),
        AwardForm.objects.count(),
        Organisation.objects.count(),
    )


def good_rows():
    return [
        row(),
        row(name="Trần Thị Bình", position="Chuyên viên chính", unit="BTC"),
        row(kind="Tập thể", name="Vụ Ngân sách nhà nước", position="", award="Cờ thi đua của Chính phủ"),
        row(
            number="1520/QĐ-TTg",
            date="05/10/2022",
            signer="",
            kind="tap the",
            name="Sở Nội vụ",
            unit="Ủy ban nhân dân Thành phố Hồ Chí Minh",
            year="2021",
        ),
    ]


def test_valid_xlsx_imports_every_row(tmp_path, catalogue):
    path = tmp_path / "qd.xlsx"
    path.write_bytes(xlsx(good_rows()))
    out, err = run(path)
    assert "4 khen thưởng mới" in out and "2 quyết định mới" in out
    assert err == ""
    decision = Decision.objects.get(number="453/QĐ-TTg")
    assert (decision.date, decision.issuer, decision.signer) == (DATE, "Thủ tướng Chính phủ", "Phạm Minh Chính")
    assert decision.commendations.count() == 3
    binh = Commendation.objects.get(name="Trần Thị Bình")
    assert binh.unit == catalogue["btc"]  # found by its short name
    assert (binh.kind, binh.year, binh.position) == ("ca-nhan", 2020, "Chuyên viên chính")
    so_noi_vu = Commendation.objects.get(name="Sở Nội vụ")
    assert so_noi_vu.kind == "tap-the" and so_noi_vu.decision.date == dt.date(2022, 10, 5)
    assert so_noi_vu.unit == catalogue["hcm"]


def test_invalid_file_imports_nothing_and_lists_every_invalid_row(tmp_path, catalogue):
    rows = good_rows()
    rows[1] = row(name="Trần Thị Bình", date="31/02/2021", year="20x0")  # row 3: two errors
    rows[2] = row(kind="Tập thể", name="Vụ Ngân sách", award="Bằng khen hạng Tư")  # row 4: unknown award
    rows.append(row(name="Lê Văn Cường", kind="Cá nhân", award="Cờ thi đua của Chính phủ"))  # row 6: kind
    rows.append(row(name="", unit="Bộ Không Có"))  # row 7: empty name, unknown unit
    rows.append(row(name="Phạm Văn Dũng", year="1890"))  # row 8
    path = tmp_path / "loi.xlsx"
    path.write_bytes(xlsx(rows))
    before = counts()
    with pytest.raises(CommandError) as raised:
        run(path)
    assert counts() == before
    assert "chưa nhập gì" in str(raised.value)
    assert raised.value.returncode == 1


def test_errors_are_reported_with_row_column_and_reason(tmp_path, catalogue):
    rows = good_rows()
    rows[1] = row(name="Trần Thị Bình", date="31/02/2021", year="20x0")
    rows[2] = row(kind="Tập thể", name="Vụ Ngân sách", award="Bằng khen hạng Tư")
    rows.append(row(name="Lê Văn Cường", kind="Cá nhân", award="Cờ thi đua của Chính phủ"))
    rows.append(row(name="", unit="Bộ Không Có"))
    rows.append(row(name="Phạm Văn Dũng", year="1890", kind="Tổ chức"))
    path = tmp_path / "loi.xlsx"
    path.write_bytes(xlsx(rows))
    lines = _errors(path)
    assert any(line.startswith("Dòng 3, cột “Ngày quyết định”: Ngày “31/02/2021” không có trên lịch") for line in lines)
    assert any(line.startswith("Dòng 3, cột “Năm”: “20x0” không phải năm hợp lệ") for line in lines)
    assert any(line.startswith("Dòng 4, cột “Hình thức khen thưởng”: Không có hình thức") for line in lines)
    assert any(line.startswith("Dòng 6, cột “Hình thức khen thưởng”: Hình thức “Cờ thi đua") for line in lines)
    assert any(line.startswith("Dòng 7, cột “Họ tên / Tên tập thể”: Ô bắt buộc") for line in lines)
    assert any(line.startswith("Dòng 7, cột “Đơn vị”: Không có đơn vị “Bộ Không Có”") for line in lines)
    assert any(line.startswith("Dòng 8, cột “Năm”") for line in lines)
    assert any(line.startswith("Dòng 8, cột “Đối tượng”: “Tổ chức” không hợp lệ") for line in lines)
    assert len(lines) == 8
    assert not any(line.startswith(("Dòng 2", "Dòng 5")) for line in lines)


def test_same_file_twice_changes_nothing(tmp_path, catalogue):
    path = tmp_path / "qd.xlsx"
    path.write_bytes(xlsx(good_rows()))
    run(path)
    before = counts()
    snapshot = list(Commendation.objects.order_by("pk").values())
    out, _ = run(path)
    assert "0 khen thưởng mới, 0 khen thưởng cập nhật, 4 không đổi, 0 quyết định mới" in out
    assert counts() == before
    assert list(Commendation.objects.order_by("pk").values()) == snapshot


def test_second_import_writes_nothing(tmp_path, catalogue):
    path = tmp_path / "qd.xlsx"
    path.write_bytes(xlsx(good_rows()))
    run(path)
    with CaptureQueriesContext(connection) as queries:
        run(path)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert writes == []


def test_changed_achievements_update_the_same_row(tmp_path, catalogue):
    path = tmp_path / "qd.csv"
    path.write_bytes(csv_bytes([row()]))
    run(path)
    path.write_bytes(csv_bytes([row(name="  nguyễn  văn an ", achievements="Hoàn thành xuất sắc nhiệm vụ")]))
    out, _ = run(path)
    assert "0 khen thưởng mới, 1 khen thưởng cập nhật" in out
    only = Commendation.objects.get()
    assert only.achievements == "Hoàn thành xuất sắc nhiệm vụ"


def test_an_empty_optional_cell_keeps_what_the_editor_filled_in(tmp_path, catalogue):
    path = tmp_path / "qd.csv"
    path.write_bytes(csv_bytes([row(achievements="")]))
    run(path)
    Commendation.objects.update(achievements="Bổ sung trong trang quản trị")
    out, _ = run(path)
    assert "1 không đổi" in out
    assert Commendation.objects.get().achievements == "Bổ sung trong trang quản trị"


def test_unknown_award_and_unit_need_create_missing(tmp_path, catalogue):
    rows = [
        row(award="Huân chương Lao động hạng Ba", unit="Bộ Nội vụ"),
        row(name="Trần Thị Bình", award="huân chương lao động hạng ba", unit="BỘ NỘI VỤ"),
    ]
    path = tmp_path / "moi.xlsx"
    path.write_bytes(xlsx(rows))
    with pytest.raises(CommandError):
        run(path)
    assert not AwardForm.objects.filter(name="Huân chương Lao động hạng Ba").exists()
    out, _ = run(path, "--create-missing")
    assert "Đã tạo hình thức khen thưởng: Huân chương Lao động hạng Ba" in out
    assert "Đã tạo đơn vị: Bộ Nội vụ" in out
    award = AwardForm.objects.get(name="Huân chương Lao động hạng Ba")
    assert award.level == "nha-nuoc"
    unit = Organisation.objects.get(name="Bộ Nội vụ")
    assert not unit.live and unit.latest_revision is not None  # a draft for a reviewer to publish
    assert Commendation.objects.filter(award=award, unit=unit).count() == 2
    out, _ = run(path)  # now in the catalogue: no flag needed, nothing new
    assert "0 khen thưởng mới" in out and "2 không đổi" in out


def test_dry_run_writes_nothing_and_says_what_would_happen(tmp_path, catalogue):
    path = tmp_path / "qd.xlsx"
    path.write_bytes(xlsx([*good_rows(), row(name="Mới", award="Giấy khen", unit="Bộ Mới")]))
    before = counts()
    out, _ = run(path, "--dry-run", "--create-missing")
    assert counts() == before
    assert "Chưa ghi gì" in out and "5 khen thưởng được tạo" in out
    assert "Sẽ tạo đơn vị: Bộ Mới" in out
    with pytest.raises(CommandError):
        run(path, "--dry-run")  # without --create-missing the unknown names are errors
    assert counts() == before


def test_dry_run_counts_unchanged_rows_after_an_import(tmp_path, catalogue):
    path = tmp_path / "qd.xlsx"
    path.write_bytes(xlsx(good_rows()))
    run(path)
    out, _ = run(path, "--dry-run")
    assert "0 khen thưởng được tạo" in out and "4 không đổi" in out


def test_one_decision_must_carry_one_date_issuer_and_signer(tmp_path, catalogue):
    rows = [
        row(),
        row(name="B", date="13/04/2021"),
        row(name="C", issuer="Văn phòng Chính phủ"),
        row(name="D", signer="Người Khác"),
        row(name="E", signer=""),  # a blank signer is not a contradiction
    ]
    path = tmp_path / "qd.csv"
    path.write_bytes(csv_bytes(rows))
    err_lines = _errors(path)
    assert err_lines == [
        "Dòng 3, cột “Ngày quyết định”: Quyết định số 453/QĐ-TTg ở dòng 2 ghi ngày 12/04/2021, dòng này ghi "
        "13/04/2021: một quyết định chỉ có một ngày.",
        "Dòng 4, cột “Cơ quan ban hành”: Quyết định số 453/QĐ-TTg ở dòng 2 ghi cơ quan ban hành "
        "“Thủ tướng Chính phủ”, dòng này ghi “Văn phòng Chính phủ”.",
        "Dòng 5, cột “Người ký”: Quyết định số 453/QĐ-TTg ở dòng 2 ghi người ký “Phạm Minh Chính”, "
        "dòng này ghi “Người Khác”.",
    ]


def test_an_existing_decision_with_another_date_is_an_error(tmp_path, catalogue):
    Decision.objects.create(number="453/QĐ-TTg", date=dt.date(2021, 5, 1), issuer="Thủ tướng Chính phủ")
    path = tmp_path / "qd.csv"
    path.write_bytes(csv_bytes([row()]))
    lines = _errors(path)
    assert len(lines) == 1
    assert lines[0].startswith(
        "Dòng 2, cột “Ngày quyết định”: Quyết định số 453/QĐ-TTg đã có trên trang với ngày 01/05/2021"
    )


def test_an_existing_decision_is_reused_and_its_missing_signer_filled(tmp_path, catalogue):
    decision = Decision.objects.create(number="453/QĐ-TTg", date=DATE, issuer="Thủ tướng Chính phủ")
    path = tmp_path / "qd.csv"
    path.write_bytes(csv_bytes([row(number="453/qđ-ttg")]))
    out, _ = run(path)
    assert "0 quyết định mới, 1 quyết định bổ sung người ký" in out
    decision.refresh_from_db()
    assert decision.signer == "Phạm Minh Chính"
    assert Commendation.objects.get().decision == decision


def test_duplicate_rows_in_the_file_are_reported(tmp_path, catalogue):
    rows = [row(), row(name="Trần Thị Bình"), row(name="NGUYỄN  VĂN AN")]
    path = tmp_path / "qd.csv"
    path.write_bytes(csv_bytes(rows))
    assert _errors(path) == [
        "Dòng 4: Trùng với dòng 2: cùng quyết định, hình thức, đối tượng, tên và đơn vị.",
    ]


def test_same_name_in_another_unit_is_another_recipient(tmp_path, catalogue):
    rows = [row(), row(unit="Ủy ban nhân dân Thành phố Hồ Chí Minh")]
    path = tmp_path / "qd.csv"
    path.write_bytes(csv_bytes(rows))
    out, _ = run(path)
    assert "2 khen thưởng mới" in out


def test_campaign_by_title_or_slug(tmp_path, catalogue, campaign):
    rows = [row(campaign="Thi đua chuyển đổi số"), row(name="B", campaign="chuyen-doi-so"), row(name="C", campaign="x")]
    path = tmp_path / "qd.csv"
    path.write_bytes(csv_bytes(rows))
    assert _errors(path) == ["Dòng 4, cột “Phong trào”: Không tìm thấy phong trào có tên hoặc đường dẫn “x”."]
    path.write_bytes(csv_bytes(rows[:2]))
    run(path)
    assert set(Commendation.objects.values_list("campaign", flat=True)) == {campaign.pk}


def test_headers_in_any_order_case_and_without_tone_marks(tmp_path, catalogue):
    headers = list(reversed(HEADERS))
    headers[headers.index("Họ tên / Tên tập thể")] = "HO TEN/TEN TAP THE"
    headers[headers.index("Ngày quyết định")] = "  ngày  quyết định "
    workbook_rows = [row()]
    keys = {column.header: column.key for column in COLUMNS}
    keys["HO TEN/TEN TAP THE"] = "name"
    keys["  ngày  quyết định "] = "date"
    workbook = Workbook()
    workbook.active.append(headers)
    workbook.active.append([workbook_rows[0][keys[h]] for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "dao.xlsx"
    path.write_bytes(buffer.getvalue())
    out, _ = run(path)
    assert "1 khen thưởng mới" in out


def test_unknown_and_missing_headers(tmp_path, catalogue):
    headers = [h for h in HEADERS if h not in ("Năm", "Đối tượng")] + ["Ghi chú"]
    path = tmp_path / "qd.csv"
    path.write_bytes(csv_bytes([row()], headers=headers))
    lines = _errors(path)
    assert lines[0].startswith("Dòng 1, cột “Ghi chú”: Tên cột không có trong mẫu.")
    assert "Dòng 1, cột “Đối tượng”: Thiếu cột bắt buộc." in lines
    assert "Dòng 1, cột “Năm”: Thiếu cột bắt buộc." in lines
    assert len(lines) == 3


def test_real_excel_date_and_number_cells(tmp_path, catalogue):
    path = tmp_path / "qd.xlsx"
    path.write_bytes(xlsx([row(date=dt.datetime(2021, 4, 12), year=2020), row(name="B", date=DATE, year=2020.0)]))
    out, _ = run(path)
    assert "2 khen thưởng mới" in out
    assert Decision.objects.get().date == DATE


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_with_any_usual_delimiter(tmp_path, catalogue, delimiter):
    path = tmp_path / "qd.csv"
    path.write_bytes(csv_bytes(good_rows(), delimiter=delimiter, encoding="utf-8"))
    out, _ = run(path)
    assert "4 khen thưởng mới" in out


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("rong.xlsx", b"", "Tệp rỗng"),
        ("hong.xlsx", b"PK\x03\x04 not really a zip", "Không đọc được tệp Excel"),
        ("rac.csv", bytes(range(256)) * 4, "không phải CSV"),
        ("latin.csv", "Năm;Đơn\n2020;Bên\n".encode("cp1258"), "UTF-8"),
        ("cu.xls", b"\xd0\xcf\x11\xe0", ".xls"),
        ("anh.png", b"\x89PNG\r\n", "Chỉ nhận tệp Excel"),
        ("chi-tieu-de.csv", ",".join(HEADERS).encode(), "chưa có dòng danh sách nào"),
    ],
)
def test_unreadable_files_are_refused_in_vietnamese(tmp_path, db, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError) as raised:
        run(path)
    assert reason in str(raised.value)


def test_a_missing_file(tmp_path, db):
    with pytest.raises(CommandError, match="Không có tệp"):
        run(tmp_path / "khong-co.xlsx")


def test_one_transaction_a_failure_mid_write_leaves_nothing(tmp_path, catalogue, monkeypatch):
    path = tmp_path / "qd.xlsx"
    path.write_bytes(xlsx(good_rows()))
    original = Commendation.save
    calls = []

    def failing_save(self, *args, **kwargs):
        calls.append(self.name)
        if len(calls) == 3:
            raise RuntimeError("mất kết nối")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Commendation, "save", failing_save)
    before = counts()
    with pytest.raises(RuntimeError):
        run(path)
    assert counts() == before


def _errors(path):
    """The command's stderr lines for a file it refuses."""
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_commendations", str(path), "--no-progress", stdout=io.StringIO(), stderr=err)
    return err.getvalue().splitlines()


def test_a_long_list_reports_progress_and_imports_in_one_go(tmp_path, catalogue):
    from honours.importing import import_commendations

    rows = [row(name=f"Người số {n}", unit="BTC" if n % 2 else "Bộ Tài chính") for n in range(600)]
    seen = []

    def progress(items, label, total):
        seen.append((label, total))
        return items

    result = import_commendations(xlsx(rows), "dai.xlsx", progress=progress)
    assert seen == [("Kiểm tra", 600), ("Nhập", 600)]
    assert result.commendations_created == 600 and Commendation.objects.count() == 600
    out, _ = run(_write(tmp_path / "dai.xlsx", xlsx(rows)))
    assert "600 không đổi" in out


def _write(path, data):
    path.write_bytes(data)
    return path


def test_a_line_break_inside_a_csv_cell_keeps_the_spreadsheet_row_numbers(tmp_path, catalogue):
    rows = [row(achievements="Dòng một\nDòng hai"), row(name="B", year="x")]
    path = tmp_path / "qd.csv"
    path.write_bytes(csv_bytes(rows))
    assert _errors(path)[0].startswith("Dòng 3, cột “Năm”")


def test_a_full_name_wins_over_another_units_short_name(tmp_path, catalogue):
    from tests.factories import OrganisationFactory

    vnd = OrganisationFactory(name="VND", live=True)
    OrganisationFactory(name="Công ty Cổ phần VND", short_name="VND", live=True)
    path = tmp_path / "qd.csv"
    path.write_bytes(csv_bytes([row(unit="VND"), row(name="B", unit="BTC")]))
    run(path)
    assert Commendation.objects.get(name="Nguyễn Văn An").unit == vnd
    assert Commendation.objects.get(name="B").unit == catalogue["btc"]


def test_two_units_with_the_same_short_name_must_be_named_in_full(tmp_path, catalogue):
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="Sở Nội vụ tỉnh Lào Cai", short_name="SNV", live=True)
    OrganisationFactory(name="Sở Nội vụ tỉnh Lai Châu", short_name="SNV", live=True)
    path = tmp_path / "qd.csv"
    path.write_bytes(csv_bytes([row(unit="SNV")]))
    assert _errors(path)[0].startswith("Dòng 2, cột “Đơn vị”: Tên “SNV” trùng với nhiều đơn vị")


def test_numbers_differing_only_in_punctuation_are_distinct_decisions_with_distinct_pages(tmp_path, catalogue):
    Decision.objects.create(number="45/3QĐ-TTg", date=DATE, issuer="Thủ tướng Chính phủ")
    path = tmp_path / "qd.csv"
    path.write_bytes(csv_bytes([row(), row(name="B", number="4/53QĐ-TTg")]))

    call_command("import_commendations", str(path), "--no-progress", stdout=io.StringIO())

    slugs = dict(Decision.objects.values_list("number", "slug"))
    assert slugs == {"45/3QĐ-TTg": "45-3qd-ttg", "453/QĐ-TTg": "453-qd-ttg", "4/53QĐ-TTg": "4-53qd-ttg"}
