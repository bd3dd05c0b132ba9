"""Pictures a saved page names: read only inside the export's folder, checked, stored once."""

import datetime as dt
import io
import os
from zoneinfo import ZoneInfo

import pytest
from PIL import Image as PILImage
from wagtail.images import get_image_model

from importer.parser import ExportedArticle, Photo
from importer.services import ImageFinder, import_export, picture_refusal, resolve_campaign

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def jpeg(colour=(200, 30, 30), size=(40, 30)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def folder(tmp_path):
    export = tmp_path / "xuat"
    (export / "bai-viet_files").mkdir(parents=True)
    (export / "bai-viet_files" / "anh1.jpg").write_bytes(jpeg())
    (export / "bai-viet_files" / "anh 2.jpg").write_bytes(jpeg((30, 200, 30)))
    (tmp_path / "bi-mat.jpg").write_bytes(jpeg((0, 0, 200)))  # beside the export, not in it
    return export


def story(*pictures, title="Tỉnh Quảng Ninh trao Cờ thi đua năm 2024"):
    article = ExportedArticle(title=title, sapo="Lời dẫn.", published_at=dt.datetime(2024, 12, 1, 9, 0, tzinfo=VN))
    for number, src in enumerate(pictures, start=1):
        photo = Photo(number=number, caption=f"Chú thích ảnh {number}", credit="VGP/Nhật Bắc", picture=src)
        article.photos.append(photo)
        article.body.append(("photo", photo))
    article.body.append(("paragraph", "Một đoạn văn."))
    return article


def import_story(parsed, folder, finder=None):
    finder = finder or ImageFinder(None)
    outcome = import_export(
        parsed,
        repr(parsed).encode(),
        str(folder / "bai-viet.html"),
        "bai-viet",
        resolve_campaign(),
        images=finder,
        folder=folder,
    )
    photos = [block.value for block in outcome.article.body if block.block_type == "photo"]
    return outcome, photos


@pytest.mark.parametrize(
    "src",
    [
        "bai-viet_files/anh1.jpg",
        "./bai-viet_files/anh1.jpg",
        "bai-viet_files/anh1.jpg?v=3",
        "bai-viet_files%2Fanh1.jpg",
    ],
)
def test_a_picture_in_the_pages_folder_is_accepted_as_written(folder, src):
    assert picture_refusal(folder, src) is None


@pytest.mark.parametrize(
    ("src", "reason"),
    [
        ("../bi-mat.jpg", "ra ngoài thư mục xuất"),
        ("bai-viet_files/../../bi-mat.jpg", "ra ngoài thư mục xuất"),
        ("%2E%2E/bi-mat.jpg", "ra ngoài thư mục xuất"),
        ("/etc/hosts", "đường dẫn tuyệt đối"),
        ("file:///etc/hosts", "chỉ nhận tệp trong thư mục xuất"),
        ("data:image/png;base64,iVBORw0KGgo=", "chỉ nhận tệp trong thư mục xuất"),
        ("javascript:alert(1)", "chỉ nhận tệp trong thư mục xuất"),
        ("http://example.com/anh.jpg", "máy chủ khác"),
        ("//example.com/anh.jpg", "máy chủ khác"),
        ("bai-viet_files/khong-co.jpg", "không có tệp ảnh"),
    ],
)
def test_pictures_outside_the_export_or_missing_are_refused_with_a_reason(folder, src, reason):
    assert reason in picture_refusal(folder, src)


def test_a_link_leading_out_of_the_folder_is_refused(folder, tmp_path):
    os.symlink(tmp_path / "bi-mat.jpg", folder / "bai-viet_files" / "loi-tat.jpg")
    assert "ra ngoài thư mục xuất" in picture_refusal(folder, "bai-viet_files/loi-tat.jpg")


def test_pictures_are_attached_to_their_numbered_photos_with_the_credit_on_the_image(folder):
    outcome, photos = import_story(story("bai-viet_files/anh1.jpg", "bai-viet_files/anh%202.jpg"), folder)
    assert outcome.missing_photos == 0 and not outcome.picture_problems
    first, second = (photo["image"] for photo in photos)
    assert first.credit == "VGP/Nhật Bắc" and first.title == "Chú thích ảnh 1"
    assert first.file_hash != second.file_hash


def test_the_same_picture_in_two_pages_is_stored_once(folder):
    import_story(story("bai-viet_files/anh1.jpg"), folder)
    _, photos = import_story(story("bai-viet_files/anh1.jpg", title="Bài khác dùng lại ảnh"), folder)
    assert get_image_model().objects.count() == 1 and photos[0]["image"] is not None


def test_a_refused_or_broken_picture_leaves_the_photo_awaiting_one_and_is_reported(folder, tmp_path):
    (folder / "bai-viet_files" / "hong.jpg").write_bytes(jpeg()[:200])  # truncated
    (folder / "bai-viet_files" / "khong-phai-anh.jpg").write_bytes(b"<html>not a picture</html>")
    outcome, photos = import_story(
        story("../bi-mat.jpg", "bai-viet_files/hong.jpg", "bai-viet_files/khong-phai-anh.jpg", "/etc/hosts"), folder
    )
    assert [photo["image"] for photo in photos] == [None, None, None, None]
    assert [photo["caption"] for photo in photos] == [f"Chú thích ảnh {n}" for n in (1, 2, 3, 4)]
    assert outcome.missing_photos == 4
    problems = " | ".join(outcome.picture_problems)
    assert "ảnh 1: từ chối đường dẫn ra ngoài" in problems and "ảnh 2: hong.jpg hỏng" in problems
    assert "ảnh 3: khong-phai-anh.jpg bị từ chối" in problems and "ảnh 4: từ chối đường dẫn tuyệt đối" in problems
    assert not get_image_model().objects.exists()


def test_a_picture_above_the_pixel_limit_is_refused_before_it_is_decoded(folder, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000
    outcome, photos = import_story(story("bai-viet_files/anh1.jpg"), folder)  # 40×30 = 1,200 pixels
    assert photos[0]["image"] is None and "bị từ chối" in outcome.picture_problems[0]
