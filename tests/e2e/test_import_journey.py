"""An operator imports saved pages and text exports; readers see the pictures; editors keep their work.

The steps share one imported story, so they run in file order.
"""

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import admin_login
from .vietnamese import assert_vietnamese

pytestmark = pytest.mark.e2e
FIXTURES = Path(__file__).resolve().parents[2] / "importer" / "tests" / "fixtures"
PAGE = "bo-noi-vu-bieu-duong"
PAGE_TITLE = "Bộ Nội vụ biểu dương 50 điển hình tiên tiến năm 2021"
TEXT = "dateline_sapo_numbered_photos.txt"
TEXT_TITLE = "Bộ Tư pháp biểu dương 40 điển hình tiên tiến năm 2021"
EDITED_SAPO = "Chiều 11/1, Bộ Tư pháp biểu dương 40 điển hình tiên tiến, lời dẫn do biên tập viên viết lại."


@pytest.fixture(scope="module")
def exports(live_site):
    folder = live_site.workdir / "exports"
    folder.mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "html" / f"{PAGE}.html", folder)
    shutil.copytree(FIXTURES / "html" / f"{PAGE}_files", folder / f"{PAGE}_files", dirs_exist_ok=True)
    shutil.copy(FIXTURES / TEXT, folder)
    result = live_site.manage("import_articles", "--no-progress", str(folder))
    assert "2 bài mới" in result.stdout, result.stdout + result.stderr
    return folder


def test_a_saved_page_is_read_with_its_pictures_on_the_numbered_photos(page, live_site, exports, shot):
    path = live_site.shell(
        f"from news.models import ArticlePage; print(ArticlePage.objects.get(title={PAGE_TITLE!r}).url)"
    )
    page.goto(path)
    article = page.locator("article").first
    expect(article.locator("h1")).to_have_text(PAGE_TITLE)
    figures = article.locator("figure")
    expect(figures).to_have_count(2)
    for number in (1, 2):
        figure = figures.nth(number - 1)
        expect(figure.locator("figcaption")).to_contain_text(f"Ảnh {number}.")
        expect(figure.locator("figcaption")).to_contain_text("VGP/Nhật Bắc")
        picture = figure.locator("img")
        expect(picture).to_be_visible()
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0"), f"photo {number} did not load"
    body = article.locator(".article__body")
    for chrome in ("Di chuột vào ngôi sao", "Thống kê truy cập", "Chia sẻ", "Tin liên quan"):
        expect(body).not_to_contain_text(chrome)  # the old page's widgets stayed behind
    shot(page, "import-1-saved-page")


def test_an_editors_change_holds_the_re_import_back_and_the_report_shows_the_difference(page, live_site, exports, shot):
    admin_login(page, "duyetbai")
    article_id = live_site.shell(
        f"from news.models import ArticlePage; print(ArticlePage.objects.get(title={TEXT_TITLE!r}).pk)"
    )
    page.goto(f"/admin/pages/{article_id}/edit/")
    page.locator("#id_sapo").fill(EDITED_SAPO)
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".messages")).to_be_visible()

    text = (exports / TEXT).read_text(encoding="utf-8")
    (exports / TEXT).write_text(text.replace("Chiều 11/1, Bộ Tư pháp", "Chiều ngày 11/1, Bộ Tư pháp"), encoding="utf-8")
    held = live_site.manage("import_articles", "--no-progress", str(exports / TEXT), check=False)
    assert held.returncode == 3 and "XUNG ĐỘT" in held.stderr, held.stdout + held.stderr

    page.goto("/admin/reports/bai-nhap-xung-dot/")
    assert_vietnamese(page, "báo cáo bài nhập bị xung đột")
    page.get_by_role("link", name=TEXT_TITLE).click()
    page.wait_for_url(re.compile(r"/admin/reports/bai-nhap-xung-dot/\d+/"))
    expect(page.locator("main")).to_contain_text("không được áp dụng")
    sapo_row = page.locator("tr", has_text="Sapo (tóm tắt)")
    expect(sapo_row.locator(".deletion", has_text="lời dẫn do biên tập viên viết lại")).to_have_count(1)
    expect(sapo_row.locator(".addition", has_text="ngày")).to_have_count(1)
    assert_vietnamese(page, "so sánh bản của biên tập viên với tệp nhập lại")
    shot(page, "import-2-conflict")

    forced = live_site.manage("import_articles", "--no-progress", "--force", str(exports / TEXT))
    assert "ghi đè theo --force" in forced.stdout
    page.goto(f"/admin/pages/{article_id}/history/")
    expect(page.locator("main")).to_contain_text(
        re.compile(r"Nhập lại từ tệp “.*dateline_sapo_numbered_photos\.txt” theo --force")
    )
    assert_vietnamese(page, "lịch sử sau khi nhập đè")
    shot(page, "import-3-history")
