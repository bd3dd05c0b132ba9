"""Each editorial group sees the reports meant for it in the Wagtail admin menu."""

import json
import re

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

REPORTS = {"Bài nhập cần bổ sung", "Thống kê truy cập", "Đánh giá bài viết"}


def menu_labels(client, django_user_model, group):
    user = django_user_model.objects.create_user(f"user-{abs(hash(group))}", password="x")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    body = client.get("/admin/").content.decode()
    return {json.loads(f'"{label}"') for label in re.findall(r'"label": "((?:[^"\\]|\\.)+)"', body)}


@pytest.mark.parametrize(
    ("group", "visible"),
    [
        ("Biên tập viên", {"Bài nhập cần bổ sung", "Thống kê truy cập"}),
        ("Duyệt bài", {"Bài nhập cần bổ sung", "Thống kê truy cập", "Đánh giá bài viết"}),
        ("Truyền thông", {"Thống kê truy cập", "Đánh giá bài viết"}),
    ],
)
def test_report_menu_follows_group_permissions(client, django_user_model, group, visible):
    assert menu_labels(client, django_user_model, group) & REPORTS == visible
