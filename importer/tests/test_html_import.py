"""import_articles on saved web pages: the page, its _files folder, and nothing else read."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError
from wagtail.images import get_image_model

from importer.models import ImportRecord
from importer.tests.commands import run
from news.models import ArticlePage

pytestmark = pytest.mark.django_db
PAGES = Path(__file__).parent / "fixtures" / "html"
GOOD = ["bo-noi-vu-bieu-duong.html", "khoi-thi-dua-ky-giao-uoc.htm", "yen-bai-so-ket-thi-dua.html",
        "phat-dong-dan-van-kheo.html", "da-nang-trao-co-thi-dua.html"]  # fmt: skip


@pytest.fixture
def saved(tmp_path):
    folder = tmp_path / "trang-luu"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(PAGES / name, folder)
        companion = PAGES / f"{Path(name).stem}_files"
        if companion.is_dir():
            shutil.copytree(companion, folder / companion.name)
    return folder


def test_a_folder_of_saved_pages_imports_the_pages_and_not_their_files(saved):
    out, err = run(saved)
    assert f"{len(GOOD)} tệp: {len(GOOD)} bài mới" in out
    assert "LỖI" not in err  # the pictures, styles and scripts in *_files/ are not taken for exports
    assert ImportRecord.objects.count() == len(GOOD)


def test_saved_page_pictures_land_on_their_photos_with_credits(saved):
    run(saved)
    article = ArticlePage.objects.get(title="Bộ Nội vụ biểu dương 50 điển hình tiên tiến năm 2021")
    photos = [block.value for block in article.body if block.block_type == "photo"]
    assert [photo["image"] is not None for photo in photos] == [True, True]
    assert {photo["image"].credit for photo in photos} == {"VGP/Nhật Bắc"}
    assert article.sapo.startswith("Chiều 11/1, Bộ Nội vụ") and article.source == "Chinhphu.vn"
    assert ImportRecord.objects.get(article=article).missing_photos == 0


def test_a_hostile_page_is_stored_as_clean_rich_text_and_reads_no_outside_file(saved):
    _, err = run(saved)
    article = ArticlePage.objects.get(import_record__source_file__endswith="phat-dong-dan-van-kheo.html")
    stored = str(article.body.raw_data).lower()
    for needle in ("<script", "onerror", "onclick", "javascript:", "<iframe", "style="):
        assert needle not in stored
    assert "phat-dong-dan-van-kheo.html: ảnh 1: từ chối đường dẫn ra ngoài thư mục xuất" in err
    assert all(
        block.value["image"] is None for block in article.body if block.block_type == "photo"
    )  # nothing from /etc or another server was stored
    assert not get_image_model().objects.filter(title__icontains="passwd").exists()


def test_re_importing_saved_pages_unchanged_stores_no_picture_twice(saved):
    run(saved)
    images = get_image_model().objects.count()
    out, _ = run(saved)
    assert f"{len(GOOD)} không đổi" in out and get_image_model().objects.count() == images


def test_dry_run_of_a_saved_page_shows_its_pictures_as_written(saved):
    out, _ = run("--dry-run", "--json", saved / "bo-noi-vu-bieu-duong.html")
    assert '"picture": "./bo-noi-vu-bieu-duong_files/anh1.jpg"' in out
    assert ArticlePage.objects.count() == 0


def test_a_broken_saved_page_is_refused_by_name(saved):
    shutil.copy(PAGES / "no-title.html", saved)
    with pytest.raises(CommandError, match="no-title.html: không có tiêu đề"):
        run(saved)
