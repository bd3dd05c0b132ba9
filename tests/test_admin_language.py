"""The admin speaks Vietnamese, whatever language the browser asks for."""

import gettext
import json
import re
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES"


def po_entries():
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', text, flags=re.M)
    return [(a.replace('\\"', '"'), b.replace('\\"', '"')) for a, b in pairs]


def test_compiled_catalogue_matches_its_source():
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = po_entries()
    assert len(entries) > 50
    for msgid, msgstr in entries:
        assert compiled.gettext(msgid) == msgstr, f"{msgid!r}: run `make messages`"


@pytest.mark.django_db
def test_admin_is_vietnamese_even_for_an_english_browser(admin_client):
    body = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in body
    menu = {json.loads(f'"{label}"') for label in re.findall(r'"label": "((?:[^"\\]|\\.)+)"', body)}
    assert {"Trang", "Hình ảnh", "Tài liệu", "Báo cáo", "Trợ giúp", "Quy trình duyệt"} <= menu


ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


@pytest.mark.django_db
def test_admin_login_page_is_vietnamese_with_a_well_formed_placeholder(client):
    body = client.get("/admin/login/", **ENGLISH_BROWSER).content.decode()
    assert "Đăng nhập trang quản trị" in body
    assert "Ghi nhớ đăng nhập" in body and "Quên mật khẩu?" in body
    assert 'placeholder="Tên đăng nhập của bạn"' in body
    assert re.search(r'for="id_password"[^>]*>\s*Mật khẩu', body)
    for english in ("Sign in to Wagtail", "Remember me", "Forgotten password?", "Enter your", "Password<"):
        assert english not in body


@pytest.mark.django_db
def test_article_editor_status_and_promote_strings_are_vietnamese(admin_client, campaign):
    from tests.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=campaign, title="Tôn vinh Chiến sĩ thi đua")
    body = admin_client.get(f"/admin/pages/{article.id}/edit/", **ENGLISH_BROWSER).content.decode()
    for vietnamese in ("Cho công cụ tìm kiếm", "Chưa đặt lịch đăng", "Xem lịch sử", "Hẹn giờ xuất bản"):
        assert vietnamese in body
    for english in ("For search engines", "No publishing schedule set", "Autosave is paused", "Skip to main content"):
        assert english not in body


@pytest.mark.django_db
def test_save_message_names_the_page_in_vietnamese(admin_client, campaign):
    from tests.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=campaign, title="Khen thưởng đột xuất")
    admin_client.get(f"/admin/pages/{article.id}/edit/")
    data = {
        "title": article.title,
        "slug": article.slug,
        "published_at": "24/11/2026 09:00",  # the admin's own day-first format reads back
        "body-count": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(f"/admin/pages/{article.id}/edit/", data, follow=True, **ENGLISH_BROWSER)
    body = response.content.decode()
    assert "Đã cập nhật trang" in body, body[:3000]
    assert "has been updated" not in body


def test_relative_times_are_vietnamese():
    from datetime import timedelta

    from django.utils import timezone, translation
    from wagtail.admin.templatetags.wagtailadmin_tags import timesince_last_update, timesince_simple

    now = timezone.now()
    with translation.override("vi"):
        assert timesince_simple(now) == "vừa xong"
        assert timesince_simple(now - timedelta(minutes=2)) == "2\xa0phút trước"
        assert timesince_last_update(now - timedelta(days=3), user_display_name="Biên").endswith("trước, bởi Biên")
        assert timesince_last_update(now, show_time_prefix=True).startswith("lúc ")


@pytest.mark.django_db
def test_client_side_catalogue_translates_collapse_all_and_autosave(admin_client):
    body = admin_client.get("/admin/jsi18n/", **ENGLISH_BROWSER).content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", body, re.S).group(1))
    assert catalog["Collapse all"] == "Thu gọn tất cả"
    assert catalog["Changes have been autosaved."] == "Các thay đổi đã được tự động lưu."


@pytest.mark.django_db
def test_no_gravatar_address_reaches_the_admin(admin_client, django_user_model):
    admin = django_user_model.objects.get(username="admin")
    admin.email = "admin@thidua.example"
    admin.save()
    for path in ("/admin/", "/admin/account/", "/admin/users/"):
        body = admin_client.get(path).content.decode()
        assert "gravatar" not in body.lower(), path


def test_no_vietnamese_translation_glues_a_placeholder_to_the_next_word():
    """Wagtail's vi catalogue had "Nhập %(username_field_name)scủa bạn" and "%(label)svà Xuất bản"."""
    from django.utils import translation

    with translation.override("vi"):
        assert translation.gettext("%(label)s and Publish") % {"label": "Duyệt"} == "Duyệt và xuất bản"
        assert (
            translation.gettext("Resubmit to %(task_name)s") % {"task_name": "Duyệt bài"}
            == "Gửi lại cho bước Duyệt bài"
        )
        placeholder = translation.gettext("Enter your %(username_field_name)s")
        assert placeholder % {"username_field_name": "Tên đăng nhập"} == "Tên đăng nhập của bạn"
