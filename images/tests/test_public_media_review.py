"""A photo or document readers already see changes only through a reviewer.

Through the real admin views (edit, multiple-upload edit and delete, delete,
bulk delete), logged in as members of the demo groups.
"""

import io

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, ModelLogEntry

from tests.factories import ArticlePageFactory, ImageFactory, photo_block

pytestmark = pytest.mark.django_db

REFUSAL = "Chỉ người duyệt bài mới được thay tệp, đổi tiêu đề, tác giả ảnh hay xoá nó"


@pytest.fixture
def live_photo(campaign):
    """A photo on the home page's stories: the featured image of a live article."""
    photo = new_image(title="Quang cảnh hội nghị", credit="VGP/Hoàng Giang")
    ArticlePageFactory(parent=campaign, title="Hội nghị tổng kết", featured_image=photo)
    return photo


def new_image(**fields):
    """In the root collection, where the demo groups hold their permissions."""
    return ImageFactory(collection=Collection.get_first_root_node(), **fields)


def new_document(**fields):
    # A PDF: the form refuses extensions outside WAGTAILDOCS_EXTENSIONS (the factory's default is .dat).
    fields.setdefault("file__filename", "tai-lieu.pdf")
    return wagtail_factories.DocumentFactory(collection=Collection.get_first_root_node(), **fields)


def png(colour="red"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return SimpleUploadedFile("anh-moi.png", buffer.getvalue(), content_type="image/png")


def image_form(image, **changes):
    data = {
        "title": image.title,
        "credit": image.credit,
        "description": image.description,
        "tags": "",
        "focal_point_x": "",
        "focal_point_y": "",
        "focal_point_width": "",
        "focal_point_height": "",
    }
    return data | changes


def edit_image(client, image, **changes):
    return client.post(reverse("wagtailimages:edit", args=(image.pk,)), image_form(image, **changes))


def page_text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_editor_cannot_change_the_credit_of_a_photo_on_a_live_article(client, editor, live_photo):
    client.force_login(editor)
    response = edit_image(client, live_photo, credit="Ảnh: Internet")
    assert response.status_code == 200  # the form comes back with the reason
    text = page_text(response)
    assert REFUSAL in text
    assert "«Hội nghị tổng kết»" in text and "Hãy tải lên ảnh mới" in text
    live_photo.refresh_from_db()
    assert live_photo.credit == "VGP/Hoàng Giang" and live_photo.title == "Quang cảnh hội nghị"


def test_editor_cannot_replace_the_file_of_a_photo_on_a_live_article(client, editor, live_photo):
    original = live_photo.file.name
    client.force_login(editor)
    response = client.post(
        reverse("wagtailimages:edit", args=(live_photo.pk,)), image_form(live_photo, file=png("blue"))
    )
    assert response.status_code == 200 and REFUSAL in page_text(response)
    live_photo.refresh_from_db()
    assert live_photo.file.name == original and live_photo.file.storage.exists(original)


def test_edit_screen_warns_the_editor_before_they_try(client, editor, live_photo):
    client.force_login(editor)
    response = client.get(reverse("wagtailimages:edit", args=(live_photo.pk,)))
    assert response.status_code == 200 and REFUSAL in page_text(response)


def test_reviewer_changes_a_live_photo_and_the_log_says_who_changed_what(client, reviewer, live_photo):
    client.force_login(reviewer)
    response = edit_image(client, live_photo, credit="TTXVN", title="Quang cảnh hội nghị tổng kết")
    assert response.status_code == 302
    live_photo.refresh_from_db()
    assert live_photo.credit == "TTXVN"
    entry = ModelLogEntry.objects.get(object_id=str(live_photo.pk), action="thidua.media_change")
    assert entry.user == reviewer
    assert entry.data["changes"]["credit"] == ["VGP/Hoàng Giang", "TTXVN"]
    assert "tác giả ảnh: «VGP/Hoàng Giang» → «TTXVN»" in entry.message

    report = client.get(reverse("wagtailadmin_reports:site_history"))
    assert "«VGP/Hoàng Giang» → «TTXVN»" in page_text(report)


def test_editor_may_still_edit_an_unused_photo_they_uploaded(client, editor):
    photo = new_image(title="Ảnh mới tải", credit="", uploaded_by_user=editor)
    client.force_login(editor)
    response = edit_image(client, photo, credit="VGP/Minh Châu")
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.credit == "VGP/Minh Châu"
    assert ModelLogEntry.objects.get(object_id=str(photo.pk), action="thidua.media_change").user == editor


def test_photo_used_only_in_a_live_body_is_protected_but_one_in_an_unpublished_draft_is_not(client, editor, campaign):
    in_body, in_draft = new_image(credit="A"), new_image(credit="B")
    ArticlePageFactory(parent=campaign, title="Bài đã đăng", body=[photo_block(in_body)])
    ArticlePageFactory(parent=campaign, title="Bài nháp", live=False, body=[photo_block(in_draft)])
    client.force_login(editor)
    assert edit_image(client, in_body, credit="Z").status_code == 200
    assert edit_image(client, in_draft, credit="Z").status_code == 302
    in_body.refresh_from_db(), in_draft.refresh_from_db()
    assert (in_body.credit, in_draft.credit) == ("A", "Z")


def test_multiple_upload_edit_is_held_to_the_same_rule(client, editor, live_photo):
    client.force_login(editor)
    prefix = f"image-{live_photo.pk}"
    response = client.post(
        reverse("wagtailimages:edit_multiple", args=(live_photo.pk,)),
        {f"{prefix}-title": "Tiêu đề khác", f"{prefix}-credit": live_photo.credit, f"{prefix}-description": ""},
    )
    assert response.json()["success"] is False and REFUSAL in response.json()["form"]
    live_photo.refresh_from_db()
    assert live_photo.title == "Quang cảnh hội nghị"


@pytest.mark.parametrize("how", ["delete_view", "multiple_delete", "bulk_delete"])
def test_editor_cannot_delete_a_live_photo_any_way(client, editor, live_photo, how):
    client.force_login(editor)
    if how == "delete_view":
        response = client.post(reverse("wagtailimages:delete", args=(live_photo.pk,)))
    elif how == "multiple_delete":
        response = client.post(reverse("wagtailimages:delete_multiple", args=(live_photo.pk,)))
    else:
        url = reverse("wagtail_bulk_action", args=("images", "customimage", "delete"))
        response = client.post(f"{url}?id={live_photo.pk}")
    assert response.status_code in (200, 302, 403)
    assert get_image_model().objects.filter(pk=live_photo.pk).exists()


def test_delete_button_is_hidden_from_the_editor_but_not_the_reviewer(client, editor, reviewer, live_photo):
    delete_url = reverse("wagtailimages:delete", args=(live_photo.pk,))
    client.force_login(editor)
    assert delete_url not in client.get(reverse("wagtailimages:edit", args=(live_photo.pk,))).content.decode()
    client.force_login(reviewer)
    assert delete_url in client.get(reverse("wagtailimages:edit", args=(live_photo.pk,))).content.decode()


def test_reviewer_bulk_deletes_and_the_log_names_them(client, reviewer, live_photo):
    client.force_login(reviewer)
    url = reverse("wagtail_bulk_action", args=("images", "customimage", "delete"))
    response = client.post(f"{url}?id={live_photo.pk}")
    assert response.status_code == 302
    assert not get_image_model().objects.filter(pk=live_photo.pk).exists()
    entry = ModelLogEntry.objects.get(object_id=str(live_photo.pk), action="wagtail.delete")
    assert entry.user == reviewer


@pytest.fixture
def live_document(campaign):
    document = new_document(title="Quyết định 453/QĐ-VPCP")
    ArticlePageFactory(
        parent=campaign,
        title="Phát động phong trào",
        body=[{"type": "document", "value": {"document": document.pk, "title": ""}}],
    )
    return document


def document_form(document, **changes):
    return {"title": document.title, "tags": ""} | changes


def test_editor_cannot_rename_or_replace_a_document_a_live_article_links(client, editor, live_document):
    original = live_document.file.name
    client.force_login(editor)
    url = reverse("wagtaildocs:edit", args=(live_document.pk,))
    for changes in ({"title": "Quyết định đã sửa"}, {"file": SimpleUploadedFile("moi.pdf", b"%PDF-1.4 moi")}):
        response = client.post(url, document_form(live_document, **changes))
        assert response.status_code == 200
        assert "Tài liệu này đang hiển thị trên 1 nội dung đã đăng" in page_text(response)
    live_document.refresh_from_db()
    assert live_document.title == "Quyết định 453/QĐ-VPCP" and live_document.file.name == original
    assert live_document.file.storage.exists(original)
    client.post(reverse("wagtaildocs:delete", args=(live_document.pk,)))
    assert get_document_model().objects.filter(pk=live_document.pk).exists()


def test_document_linked_in_live_rich_text_is_protected(client, editor, campaign):
    document = new_document(title="Kế hoạch thi đua")
    ArticlePageFactory(
        parent=campaign,
        body=[{"type": "paragraph", "value": f'<p>Xem <a linktype="document" id="{document.pk}">kế hoạch</a>.</p>'}],
    )
    client.force_login(editor)
    response = client.post(reverse("wagtaildocs:edit", args=(document.pk,)), document_form(document, title="Khác"))
    assert response.status_code == 200
    document.refresh_from_db()
    assert document.title == "Kế hoạch thi đua"


def test_reviewer_replaces_a_live_document_and_editor_edits_an_unused_one(client, editor, reviewer, live_document):
    client.force_login(reviewer)
    response = client.post(
        reverse("wagtaildocs:edit", args=(live_document.pk,)), document_form(live_document, title="Quyết định mới")
    )
    assert response.status_code == 302
    assert ModelLogEntry.objects.get(object_id=str(live_document.pk), action="thidua.media_change").user == reviewer

    unused = new_document(title="Bản thảo", uploaded_by_user=editor)
    client.force_login(editor)
    response = client.post(reverse("wagtaildocs:edit", args=(unused.pk,)), document_form(unused, title="Bản thảo 2"))
    assert response.status_code == 302
    unused.refresh_from_db()
    assert unused.title == "Bản thảo 2"


def test_reviewer_deleting_through_the_delete_view_is_logged_once(client, reviewer, live_photo):
    client.force_login(reviewer)
    assert client.post(reverse("wagtailimages:delete", args=(live_photo.pk,))).status_code == 302
    assert not get_image_model().objects.filter(pk=live_photo.pk).exists()
    entries = ModelLogEntry.objects.filter(object_id=str(live_photo.pk), action="wagtail.delete")
    assert [entry.user for entry in entries] == [reviewer]


def test_any_other_save_in_an_editors_admin_request_is_refused_but_code_outside_the_admin_is_not(editor, live_photo):
    """The model-level backstop: admin views run inside a LogContext that names the user."""
    from django.core.exceptions import PermissionDenied
    from django.db import transaction
    from wagtail.log_actions import LogContext

    live_photo.credit = "Sửa lén"
    with LogContext(user=editor), pytest.raises(PermissionDenied):
        live_photo.save()
    with LogContext(user=editor), pytest.raises(PermissionDenied), transaction.atomic():
        live_photo.delete()
    assert get_image_model().objects.get(pk=live_photo.pk).credit == "VGP/Hoàng Giang"

    live_photo.save()  # an import or a shell session: no admin user, not limited
    assert get_image_model().objects.get(pk=live_photo.pk).credit == "Sửa lén"
