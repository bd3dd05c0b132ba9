"""Upload limits for images and documents, and originals too large to decode.

Measured before the limits: an editor's 11000×11000 PNG (353 KB) took a worker to
2.8 GB and 15.9 s on first view; .html and .svg files were accepted as documents.
"""

import io
import struct
import time
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def huge_png(width=11_000, height=11_000):
    """A grey PNG of ``width``×``height`` pixels written row by row: a few hundred KB, never in memory."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x80" * width
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def small_png():
    buffer = io.BytesIO()
    from PIL import Image as PILImage

    PILImage.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("quantri", password="x"))
    return client


@pytest.fixture
def no_decoding(monkeypatch):
    """Decoding pixels (PIL's ImageFile.load) fails the test: the guard must stop before it."""

    def refuse(self):
        pytest.fail(f"a {self.size[0]}×{self.size[1]} image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


def upload_image(admin_client, name, content):
    return admin_client.post(
        "/admin/images/add/",
        {
            "title": "Ảnh thử giới hạn",
            "file": SimpleUploadedFile(name, content, content_type="image/png"),
            "collection": Collection.get_first_root_node().pk,
            "credit": "",
            "tags": "",
        },
    )


def test_an_image_with_too_many_pixels_is_refused_at_upload_in_vietnamese(admin_client, no_decoding):
    content = huge_png()
    assert len(content) < 1_000_000  # small file, 121 million pixels
    response = upload_image(admin_client, "khong-lo.png", content)
    body = response.content.decode()
    assert response.status_code == 200 and "Ảnh có quá nhiều điểm ảnh (121000000)" in body
    assert "Tối đa 40000000 điểm ảnh" in body
    assert not get_image_model().objects.exists()


def test_an_image_beyond_pillows_own_bomb_limit_is_refused_with_an_unknown_count(admin_client, no_decoding):
    response = upload_image(admin_client, "bom.png", huge_png(15_000, 15_000))  # 225 million pixels
    assert "Ảnh có quá nhiều điểm ảnh (không rõ)" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_an_image_file_over_the_size_limit_is_refused_in_vietnamese(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000  # the real limit is 20 MB; a small file stands in
    response = upload_image(admin_client, "lon.png", small_png() + b"\x00" * 2000)
    assert "Tệp quá lớn" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_an_ordinary_photo_is_still_accepted(admin_client):
    response = upload_image(admin_client, "anh-thuong.png", small_png())
    assert response.status_code == 302 and get_image_model().objects.count() == 1


@pytest.fixture
def stored_huge_image():
    """An original above the limit that got in without the form (importer, rows from before the limit)."""
    image = get_image_model()(title="Ảnh nhập từ cổng cũ", collection=Collection.get_first_root_node())
    image.file = ContentFile(huge_png(), name="cong-cu.png")
    image.save()
    assert (image.width, image.height) == (11_000, 11_000)  # the header is read, the pixels are not
    return image


def test_a_page_showing_a_stored_oversized_image_answers_quickly_without_decoding_it(
    client, campaign, stored_huge_image, no_decoding
):
    article = ArticlePageFactory(parent=campaign, title="Bài có ảnh khổng lồ", featured_image=stored_huge_image)
    started = time.monotonic()
    for url in (article.url, "/", campaign.url, article.url + "ban-in/"):
        assert client.get(url).status_code == 200, url
    assert time.monotonic() - started < 10
    assert not stored_huge_image.renditions.exists()  # no rendition made, none stored


def test_the_admin_listing_and_chooser_survive_an_oversized_image(admin_client, stored_huge_image, no_decoding):
    assert admin_client.get("/admin/images/").status_code == 200
    assert admin_client.get("/admin/images/chooser/").status_code == 200
    assert admin_client.get(f"/admin/images/{stored_huge_image.pk}/").status_code == 200
    assert admin_client.get(f"/admin/images/chooser/chosen/{stored_huge_image.pk}/").status_code == 200


def test_renditions_of_images_within_the_limit_are_made_as_before(image):
    rendition = image.get_rendition("fill-100x100")
    assert rendition.pk and (rendition.width, rendition.height) == (100, 100)


# --- documents ---------------------------------------------------------------------------


def upload_document(admin_client, name, content=b"noi dung"):
    return admin_client.post(
        "/admin/documents/add/",
        {
            "title": "Tài liệu thử",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )


@pytest.mark.parametrize("name", ["trang.html", "trang.htm", "hinh.svg", "ma.js", "trang.xhtml", "chay.exe"])
def test_documents_a_browser_would_run_are_refused_in_vietnamese(admin_client, name):
    response = upload_document(admin_client, name, b"<script>alert(1)</script>")
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Không chấp nhận tệp có đuôi “{name.rsplit('.', 1)[1]}”" in body
    assert "Các đuôi được phép: pdf, doc, docx" in body
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize("name", ["quyet-dinh.pdf", "bang-diem.xlsx", "cong-van.docx", "danh-sach.csv", "ho-so.zip"])
def test_office_documents_pdf_and_archives_are_accepted(admin_client, name):
    assert upload_document(admin_client, name).status_code == 302
    assert get_document_model().objects.count() == 1
