"""Staff sign-in pages: Vietnamese, never cached, throttled by django-axes."""

import pytest

pytestmark = pytest.mark.django_db


def test_login_is_throttled_after_repeated_failures(client, django_user_model, settings):
    django_user_model.objects.create_user("tt1", password="dung-mat-khau-123")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/dang-nhap/", {"username": "tt1", "password": "sai"})
        assert response.status_code == 200 and "không đúng" in response.content.decode()
    locked = client.post("/dang-nhap/", {"username": "tt1", "password": "sai"})
    assert locked.status_code == 429 and "Tạm khóa đăng nhập" in locked.content.decode()
    again = client.post("/dang-nhap/", {"username": "tt1", "password": "dung-mat-khau-123"})
    assert again.status_code == 429  # even the right password waits for the cool-off


def test_login_logout_and_password_change_in_vietnamese(client, django_user_model):
    django_user_model.objects.create_user("tt1", password="dung-mat-khau-123")
    page = client.get("/dang-nhap/")
    assert "Đăng nhập" in page.content.decode() and "no-store" in page["Cache-Control"]
    assert client.post("/dang-nhap/", {"username": "tt1", "password": "dung-mat-khau-123"}).status_code == 302
    assert "Đổi mật khẩu" in client.get("/doi-mat-khau/").content.decode()
    assert client.post("/dang-xuat/").status_code == 302
    assert client.get("/doi-mat-khau/").status_code == 302
