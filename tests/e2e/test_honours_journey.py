"""The honour roll, journey by journey: an editor imports a decision list from XLSX in the admin, a
reader finds a recipient by an accent-free name and opens the decision, a reader comments on the open
consultation, a reviewer moderates the comment. The steps share their data, so they run in file order.
"""

import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from .conftest import admin_login
from .vietnamese import assert_vietnamese

pytestmark = pytest.mark.e2e
HEADERS = [
    "Số quyết định", "Ngày quyết định", "Cơ quan ban hành", "Người ký", "Hình thức khen thưởng", "Đối tượng",
    "Họ tên / Tên tập thể", "Chức vụ", "Đơn vị", "Phong trào", "Năm", "Thành tích",
]  # fmt: skip
DECISION = [
    "88/QĐ-TTg",
    "05/12/2026",
    "Thủ tướng Chính phủ",
    "Thủ tướng Chính phủ",
    "Bằng khen của Thủ tướng Chính phủ",
]
ROWS = [
    [*DECISION, "Cá nhân", "Trịnh Thị Ngọc Ánh", "Chuyên viên chính", "Bộ Tư pháp", "", 2026,
     "Chủ trì số hóa hồ sơ hộ tịch, rút ngắn thời gian giải quyết còn một ngày."],
    [*DECISION, "Tập thể", "Vụ Tổng hợp", "", "Văn phòng Chính phủ", "", 2026,
     "Hoàn thành xuất sắc nhiệm vụ tham mưu tổng hợp năm 2026."],
]  # fmt: skip
COMMENTER = "Võ Thị Thanh Xuân"
COMMENT = "Tôi xác nhận ông Lê Minh Đức có nhiều đóng góp cho việc đưa tin các phiên họp Chính phủ."


def test_an_editor_imports_a_decision_list_from_xlsx(page, live_site, shot, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append(row)
    path = tmp_path / "quyet-dinh-88.xlsx"
    workbook.save(path)

    admin_login(page, "bientap")
    page.get_by_role("button", name="Khen thưởng").click()
    page.get_by_role("link", name="Nhập danh sách").click()
    assert_vietnamese(page, "trang nhập danh sách khen thưởng")
    page.get_by_label("Tệp danh sách").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    result = page.locator(".help-info", has_text="Đã nhập")
    expect(result).to_contain_text("2 khen thưởng mới")
    expect(result.get_by_role("link", name="Quyết định số 88/QĐ-TTg")).to_be_visible()
    shot(page, "honours-0-imported")
    stored = live_site.shell(
        "from honours.models import Commendation as C; print(C.objects.filter(decision__number='88/QĐ-TTg').count())"
    )
    assert stored == "2"


def test_a_reader_finds_the_imported_recipient_without_accents_and_opens_the_decision(page, live_site, shot):
    page.goto("/khen-thuong/")
    page.get_by_label("Họ tên hoặc đơn vị").fill("trinh thi ngoc anh")
    page.get_by_role("button", name="Tìm", exact=True).last.click()
    rows = page.locator(".honours-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Trịnh Thị Ngọc Ánh")
    rows.first.get_by_role("link", name="88/QĐ-TTg").click()
    page.wait_for_url("**/khen-thuong/quyet-dinh/88-qd-ttg/")
    expect(page.locator("h1")).to_contain_text("Số 88/QĐ-TTg")
    expect(page.locator(".honours-table")).to_contain_text("Vụ Tổng hợp")
    expect(page.locator(".honours-facts")).to_contain_text("05/12/2026")


def test_a_reader_finds_a_recipient_without_accents_and_opens_the_decision(page, live_site, shot):
    page.goto("/")
    page.get_by_role("link", name="Tra cứu tập thể, cá nhân được khen thưởng").click()
    page.wait_for_url("**/khen-thuong/")
    page.get_by_label("Họ tên hoặc đơn vị").fill("nguyen van an")
    page.get_by_role("button", name="Tìm", exact=True).last.click()
    page.wait_for_url(re.compile(r"/khen-thuong/\?q=nguyen\+van\+an"))
    rows = page.locator(".honours-table tbody tr")
    # Nguyễn Văn An (as typed, twice) before the look-alike Nguyễn Văn Ân
    expect(rows.nth(0)).to_contain_text("Nguyễn Văn An")
    expect(rows.nth(1)).to_contain_text("Nguyễn Văn An")
    expect(rows.nth(2)).to_contain_text("Nguyễn Văn Ân")
    shot(page, "honours-1-search")
    rows.nth(0).get_by_role("link", name=re.compile(r"\d+.QĐ-")).click()
    page.wait_for_url(re.compile(r"/khen-thuong/quyet-dinh/[a-z0-9-]+/"))
    expect(page.locator("h1")).to_contain_text("Số 2104/QĐ-CTN")
    expect(page.locator(".honours-table")).to_contain_text("Nguyễn Văn An")
    expect(page.locator(".honours-facts")).to_contain_text("Chủ tịch nước")
    shot(page, "honours-2-decision")


def test_a_reader_comments_on_the_open_consultation(page, live_site, shot):
    page.goto("/khen-thuong/lay-y-kien/")
    page.get_by_role("link", name=re.compile("Bằng khen của Thủ tướng Chính phủ năm 2026")).first.click()
    expect(page.locator(".status--running")).to_have_text("Đang lấy ý kiến")
    expect(page.locator("main")).to_contain_text("Lê Minh Đức")
    page.get_by_label("Họ và tên").fill(COMMENTER)
    page.get_by_label("Điện thoại hoặc email").fill("0912 345 678")
    about = page.get_by_label("Ý kiến về")
    about.select_option(about.locator("option", has_text="Lê Minh Đức").get_attribute("value"))
    page.get_by_label("Nội dung ý kiến").fill(COMMENT)
    page.locator("#id_captcha_1").fill("sai")
    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.get_by_role("alert")).to_contain_text("Mã xác nhận")  # refused, nothing written
    page.locator("#id_captcha_1").fill("PASSED")  # django-simple-captcha's test mode answer
    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.get_by_role("status").filter(has_text="Cảm ơn bạn đã gửi ý kiến")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(COMMENT)  # comments are never public
    shot(page, "honours-3-comment-sent")
    stored = live_site.shell(
        "from honours.models import ConsultationComment as C; "
        f"print(C.objects.filter(name={COMMENTER!r}).count(), C.objects.get(name={COMMENTER!r}).status)"
    )
    assert stored == "1 cho-xem-xet"


def test_a_reviewer_moderates_the_comment_in_the_admin(page, live_site, shot):
    admin_login(page, "duyetbai")
    page.get_by_role("button", name="Khen thưởng").click()
    page.get_by_role("link", name="Ý kiến góp ý").click()
    assert_vietnamese(page, "hàng đợi ý kiến góp ý")
    row = page.locator("tr", has_text=COMMENTER)
    expect(row).to_contain_text("Chờ xem xét", ignore_case=True)
    row.get_by_role("link", name=re.compile(r"\d{2}.\d{2}.\d{4}")).click()
    expect(page.locator("main")).to_contain_text(COMMENT)
    page.get_by_label("Tình trạng").select_option(label="Đã tiếp thu")
    page.get_by_label("Ghi chú xử lý").fill("Chuyển Hội đồng Thi đua – Khen thưởng xem xét.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("đã tiếp thu")
    expect(page.locator("tr", has_text=COMMENTER)).to_contain_text("Đã tiếp thu", ignore_case=True)
    shot(page, "honours-4-moderated")
    reviewed = live_site.shell(
        "from honours.models import ConsultationComment as C; "
        f"c = C.objects.get(name={COMMENTER!r}); print(c.status, c.reviewed_by.username)"
    )
    assert reviewed == "da-tiep-thu duyetbai"
