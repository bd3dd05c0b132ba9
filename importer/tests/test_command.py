"""import_articles as an operator uses it: dry runs, imports, re-imports, failures."""

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError

from importer.models import ImportRecord
from importer.tests.commands import run
from news.models import ArticlePage, CampaignPage
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
GOOD = [
    "dateline_sapo_numbered_photos.txt",
    "weekday_time_space_separators.txt",
    "pm_time_dots_illustration_byline.txt",
    "no_time_bare_caption_byline_stats.txt",
    "time_after_sapo_city_dateline.txt",
    "glued_chrome.txt",
    "nbsp_trailing_blanks.txt",
    "crlf_bom.txt",
]
BROKEN = ["empty.txt", "blank.txt", "latin1.txt", "binary.txt", "chrome_only.txt"]
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def exports(tmp_path):
    target = tmp_path / "exports"
    target.mkdir()
    for name in GOOD:
        shutil.copy(FIXTURES / name, target / name)
    return target


def test_dry_run_prints_one_json_object_per_file_and_writes_nothing(exports):
    out, _ = run("--dry-run", "--json", exports)
    items = json.loads(out)
    assert len(items) == len(GOOD)
    first = next(item for item in items if item["file"].endswith("dateline_sapo_numbered_photos.txt"))
    assert set(first) == {
        "file",
        "title",
        "dateline",
        "source",
        "sapo",
        "published_at",
        "byline",
        "photos",
        "paragraphs",
        "lead_from_body",
    }
    assert first["published_at"] == "2022-01-11T17:07:00+07:00"
    assert first["photos"][0] == {
        "number": 1,
        "caption": "Thứ trưởng trao Bằng khen cho các cá nhân tiêu biểu.",
        "credit": "VGP/Hoàng Giang",
        "picture": None,
    }
    assert first["lead_from_body"] is False
    undated = next(item for item in items if item["file"].endswith("no_time_bare_caption_byline_stats.txt"))
    assert undated["published_at"] is None and undated["dateline"] is None and undated["source"] is None
    # No "(Source) - " line: the first paragraph is the lead, and only the lead.
    lead = "Sở Nội vụ tỉnh Yên Bái vừa tổ chức hội nghị sơ kết phong trào thi đua quý III năm 2024."
    assert undated["sapo"] == lead and undated["lead_from_body"] is True
    assert lead not in undated["paragraphs"]
    assert ArticlePage.objects.count() == 0 and ImportRecord.objects.count() == 0


def test_import_publishes_dated_articles_at_their_original_time(exports):
    out, _ = run(exports)
    assert "8 tệp: 8 bài mới" in out
    archive = CampaignPage.objects.get(slug="bai-luu-tru")
    article = ArticlePage.objects.get(title="Bộ Tư pháp biểu dương 40 điển hình tiên tiến năm 2021")
    assert article.live and article.campaign_id == archive.pk
    assert article.published_at == dt.datetime(2022, 1, 11, 17, 7, tzinfo=VN)
    assert article.first_published_at == article.published_at
    assert (article.dateline, article.source) == ("Hà Nội", "Chinhphu.vn")
    kinds = [block.block_type for block in article.body]
    assert kinds == ["photo", "paragraph", "photo", "paragraph"]
    photo = article.body[0].value
    assert photo["image"] is None and photo["credit"] == "VGP/Hoàng Giang"
    assert ImportRecord.objects.get(article=article).missing_photos == 2


def test_byline_becomes_a_published_author(exports):
    run(exports)
    article = ArticlePage.objects.get(title__startswith="Thành phố Cần Thơ")
    assert [author.name for author in article.authors.all()] == ["Quang Hiếu"]
    # Authors are reviewed snippets now; an imported byline is the old portal's
    # published text, so it is live at once and shows on the article.
    assert article.authors.get().live


def test_file_without_time_becomes_a_draft_marked_for_review(exports):
    run(exports)
    draft = ArticlePage.objects.get(title__startswith="Sở Nội vụ tỉnh Yên Bái")
    assert not draft.live and draft.published_at is None
    assert draft.latest_revision is not None
    assert ImportRecord.objects.get(article=draft).needs_review


def test_default_date_gives_undated_files_the_operators_time(exports):
    run("--default-date", "2024-06-30T08:45", exports)
    article = ArticlePage.objects.get(title__startswith="Sở Nội vụ tỉnh Yên Bái")
    assert article.live and article.published_at == dt.datetime(2024, 6, 30, 8, 45, tzinfo=VN)
    dated = ArticlePage.objects.get(title__startswith="Bộ Tư pháp")
    assert dated.published_at == dt.datetime(2022, 1, 11, 17, 7, tzinfo=VN)  # its own time wins


def test_bad_default_date_is_refused_before_anything_is_written(exports):
    with pytest.raises(CommandError, match="--default-date"):
        run("--default-date", "30/06/2024", exports)
    assert ArticlePage.objects.count() == 0


def test_importing_twice_updates_and_never_duplicates(exports):
    run(exports)
    ids = set(ArticlePage.objects.values_list("pk", flat=True))
    out, _ = run(exports)
    assert "8 không đổi" in out and "0 bài mới" in out
    changed = exports / "glued_chrome.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nĐoạn văn bổ sung khi xuất lại.\n", encoding="utf-8")
    out, _ = run(exports)
    assert "1 cập nhật" in out
    assert set(ArticlePage.objects.values_list("pk", flat=True)) == ids
    article = ArticlePage.objects.get(title__startswith="Khối thi đua các tỉnh Tây Nguyên")
    assert article.body[-1].value.source == "<p>Đoạn văn bổ sung khi xuất lại.</p>"


def test_campaign_option_targets_that_column_and_unknown_slug_is_an_error(exports, campaign):
    run("--campaign", campaign.slug, exports / "crlf_bom.txt")
    assert ArticlePage.objects.get().campaign_id == campaign.pk
    with pytest.raises(CommandError, match="không có phong trào"):
        run("--campaign", "khong-ton-tai", exports / "glued_chrome.txt")


def test_broken_files_are_reported_and_the_good_ones_still_imported(exports):
    for name in BROKEN:
        shutil.copy(FIXTURES / name, exports / name)
    with pytest.raises(CommandError) as error:
        run(exports)
    message = str(error.value)
    assert message.startswith("5 tệp không nhập được")
    for name in BROKEN:
        assert name in message
    assert "binary.txt: tệp nhị phân" in message and "latin1.txt: không phải văn bản UTF-8" in message
    assert ArticlePage.objects.count() == len(GOOD)


def test_a_failure_while_writing_one_file_leaves_no_half_written_article(exports, monkeypatch):
    from importer import services

    real = services.build_body

    def explode_on_one(parsed, stem, images, folder=None):
        if stem == "glued_chrome":
            real(parsed, stem, images, folder)
            raise RuntimeError("đĩa đầy")
        return real(parsed, stem, images, folder)

    monkeypatch.setattr(services, "build_body", explode_on_one)
    with pytest.raises(CommandError, match="glued_chrome.txt: lỗi không mong đợi"):
        run(exports)
    assert not ArticlePage.objects.filter(title__startswith="Khối thi đua các tỉnh Tây Nguyên").exists()
    assert ArticlePage.objects.count() == len(GOOD) - 1
    assert ImportRecord.objects.count() == ArticlePage.objects.count()


def test_images_directory_supplies_pictures_by_file_name(exports, tmp_path):
    pictures = tmp_path / "anh"
    pictures.mkdir()
    source = ImageFactory()
    with source.file.open("rb") as handle:
        data = handle.read()
    (pictures / "dateline_sapo_numbered_photos-1.jpg").write_bytes(data)
    run("--images", pictures, exports / "dateline_sapo_numbered_photos.txt")
    article = ArticlePage.objects.get()
    first, second = (block.value for block in article.body if block.block_type == "photo")
    assert first["image"] is not None and second["image"] is None
    assert ImportRecord.objects.get().missing_photos == 1


def test_report_lists_imports_needing_pictures_or_dates_and_follows_edits(exports, admin_client):
    run(exports)
    report = admin_client.get("/admin/reports/bai-nhap/")
    body = report.content.decode()
    assert report.status_code == 200
    assert "Bộ Tư pháp biểu dương 40 điển hình tiên tiến năm 2021" in body
    assert "Sở Nội vụ tỉnh Yên Bái sơ kết phong trào thi đua quý III" in body
    assert "Ngành Tòa án ký kết giao ước thi đua năm 2017" not in body  # nothing missing
    csv = b"".join(admin_client.get("/admin/reports/bai-nhap/?export=csv").streaming_content).decode("utf-8-sig")
    assert csv.splitlines()[0] == "Bài viết,Ảnh chờ bổ sung,Chưa có thời gian đăng,Tệp nguồn,Nhập lúc"

    article = ArticlePage.objects.get(title__startswith="Bộ Tư pháp")
    image = ImageFactory()
    raw = list(article.body.raw_data)
    for block in raw:
        if block["type"] == "photo":
            block["value"]["image"] = image.pk
    article.body = raw
    article.save_revision().publish()
    assert ImportRecord.objects.get(article=article).missing_photos == 0
    assert "Bộ Tư pháp biểu dương" not in admin_client.get("/admin/reports/bai-nhap/").content.decode()


def test_imported_article_page_shows_captions_of_photos_still_missing(exports, client):
    run(exports)
    article = ArticlePage.objects.get(title__startswith="Bộ Tư pháp")
    html = client.get(article.url).content.decode()
    assert 'class="photo photo--missing"' in html
    assert "Ảnh: VGP/Hoàng Giang" in html and "Ảnh 2." in html


def test_command_line_exit_codes(exports, tmp_path):
    """1 when any file failed, 0 otherwise, as the operator's shell sees it."""
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    database = tmp_path / "cli.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "thidua_site.settings.test", "PATH": ""}
    migrate = subprocess.run([sys.executable, "-B", manage, "migrate", "-v0"], env=env, capture_output=True, text=True)
    assert migrate.returncode == 0, migrate.stderr
    ok = subprocess.run(
        [sys.executable, "-B", manage, "import_articles", "--no-progress", exports],
        env=env,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    shutil.copy(FIXTURES / "binary.txt", exports / "binary.txt")
    failed = subprocess.run(
        [sys.executable, "-B", manage, "import_articles", "--no-progress", exports],
        env=env,
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1
    assert "binary.txt" in failed.stderr
