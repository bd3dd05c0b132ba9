"""Reviewers get a clear Vietnamese confirmation; editors see where each story stands and why it came back."""

import datetime as dt
import json
import re
import zoneinfo

import pytest
from django.contrib.messages import get_messages
from wagtail.models import TaskState

from news.models import ArticlePage

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TITLE = "Bộ Nội vụ hướng dẫn chấm điểm thi đua khối cơ quan Trung ương năm 2026 theo tiêu chí chuyển đổi số toàn diện"


@pytest.fixture
def editor(make_user):
    return make_user("bientap", "Biên tập viên", first_name="Biên", last_name="Nguyễn Văn")


@pytest.fixture
def reviewer(make_user):
    """Named, because the editor is shown who asked for changes."""
    return make_user("duyetbai", "Duyệt bài", first_name="Duyệt", last_name="Trần Thị")


def article_data(**fields):
    return {"title": TITLE, "slug": "bo-noi-vu-huong-dan", "sapo": "Sapo.", "body-count": "0", "tags": "", **fields}


@pytest.fixture
def submitted(client, editor, campaign):
    """A story the editor wrote and submitted through the admin."""
    client.force_login(editor)
    response = client.post(f"/admin/pages/add/news/articlepage/{campaign.pk}/", article_data(**{"action-submit": "1"}))
    assert response.status_code == 302
    client.logout()
    return ArticlePage.objects.get(slug="bo-noi-vu-huong-dan")


def action_url(article, action):
    return f"/admin/pages/workflow/action/{article.pk}/{action}/{article.current_workflow_task_state.pk}/"


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_approval_from_the_dashboard_confirms_in_vietnamese(client, reviewer, submitted):
    client.force_login(reviewer)
    response = client.post(action_url(submitted, "approve"), {"comment": "", "next": "/admin/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert f"Đã duyệt và xuất bản bài “{TITLE}”." in response.content.decode()
    assert ArticlePage.objects.get(pk=submitted.pk).live


def test_request_for_changes_from_the_dashboard_stores_the_comment_and_confirms(client, reviewer, submitted):
    client.force_login(reviewer)
    comment = "Đề nghị bổ sung số liệu chấm điểm năm 2025 và ghi rõ nguồn"
    response = client.post(action_url(submitted, "reject"), {"comment": comment, "next": "/admin/"}, follow=True)
    body = response.content.decode()
    assert f"Đã yêu cầu sửa bài “{TITLE}”" in body
    assert comment in body
    task_state = TaskState.objects.get(workflow_state__object_id=str(submitted.pk))
    assert task_state.status == TaskState.STATUS_REJECTED and task_state.comment == comment
    assert not ArticlePage.objects.get(pk=submitted.pk).live


def test_editor_opening_a_story_sent_back_sees_who_asked_and_the_comment(client, editor, reviewer, submitted):
    client.force_login(reviewer)
    client.post(action_url(submitted, "reject"), {"comment": "Thiếu nguồn ảnh."})
    client.force_login(editor)
    body = client.get(f"/admin/pages/{submitted.pk}/edit/").content.decode()
    assert re.search(r"Người duyệt Duyệt Trần Thị yêu cầu sửa bài lúc \d\d/\d\d/\d{4} \d\d:\d\d", body)
    assert "nhận xét: “Thiếu nguồn ảnh”. Sửa xong, hãy gửi duyệt lại." in body


def test_approval_from_the_page_editor_replaces_the_generic_update_message(client, reviewer, submitted):
    client.force_login(reviewer)
    response = client.post(
        f"/admin/pages/{submitted.pk}/edit/",
        article_data(
            **{"action-workflow-action": "true", "workflow-action-name": "approve", "workflow-action-extra-data": "{}"}
        ),
    )
    assert response.status_code == 302
    messages = texts(response)
    assert messages == [f"Đã duyệt và xuất bản bài “{TITLE}”."]


def test_request_for_changes_from_the_page_editor_keeps_the_comment(client, editor, reviewer, submitted):
    client.force_login(reviewer)
    response = client.post(
        f"/admin/pages/{submitted.pk}/edit/",
        article_data(
            **{
                "action-workflow-action": "true",
                "workflow-action-name": "reject",
                "workflow-action-extra-data": json.dumps({"comment": "Rút gọn sapo"}),
            }
        ),
    )
    assert texts(response) == [
        f"Đã yêu cầu sửa bài “{TITLE}”. Biên tập viên thấy yêu cầu và nhận xét của bạn: “Rút gọn sapo”."
    ]
    client.force_login(editor)
    assert "nhận xét: “Rút gọn sapo”" in client.get(f"/admin/pages/{submitted.pk}/edit/").content.decode()


def test_approving_a_scheduled_story_says_when_it_goes_live(client, editor, reviewer, campaign):
    client.force_login(editor)
    client.post(
        f"/admin/pages/add/news/articlepage/{campaign.pk}/",
        article_data(go_live_at="05/11/2030 09:00", **{"action-submit": "1"}),
    )
    article = ArticlePage.objects.get(slug="bo-noi-vu-huong-dan")
    client.force_login(reviewer)
    response = client.post(action_url(article, "approve"), {"comment": ""})
    assert f"Đã duyệt bài “{TITLE}”. Bài sẽ tự động lên trang lúc 05/11/2030 09:00." in texts(response)


def test_editor_dashboard_and_explorer_show_where_each_story_stands(client, editor, reviewer, submitted, campaign):
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()
    assert "Trang và dữ liệu của bạn đang trong quy trình duyệt" in dashboard
    assert "Đang chờ" in dashboard and TITLE in dashboard
    assert "chờ duyệt" in client.get(f"/admin/pages/{campaign.pk}/").content.decode()

    client.force_login(reviewer)
    client.post(action_url(submitted, "reject"), {"comment": "Thiếu nguồn."})
    client.force_login(editor)
    assert "Cần sửa theo yêu cầu của bước" in client.get("/admin/").content.decode()
    assert "cần sửa" in client.get(f"/admin/pages/{campaign.pk}/").content.decode()


def test_headline_box_wraps_and_keeps_the_headline_on_one_line(client, editor, campaign):
    client.force_login(editor)
    form = client.get(f"/admin/pages/add/news/articlepage/{campaign.pk}/").content.decode()
    assert re.search(r'<textarea[^>]*name="title"[^>]*data-headline', form) or re.search(
        r'<textarea[^>]*data-headline[^>]*name="title"', form
    )
    assert "news/js/headline.js" in form
    client.post(
        f"/admin/pages/add/news/articlepage/{campaign.pk}/",
        article_data(title="Bộ Nội vụ hướng dẫn\r\n chấm điểm thi đua", **{"action-submit": "1"}),
    )
    article = ArticlePage.objects.get(slug="bo-noi-vu-huong-dan")
    assert article.title == "Bộ Nội vụ hướng dẫn chấm điểm thi đua"


def test_review_time_is_shown_in_vietnam_time(client, editor, reviewer, submitted, monkeypatch):
    from django.utils import timezone

    moment = dt.datetime(2026, 11, 24, 1, 5, tzinfo=dt.UTC)  # 08:05 in Hà Nội
    monkeypatch.setattr(timezone, "now", lambda: moment)
    client.force_login(reviewer)
    client.post(action_url(submitted, "reject"), {"comment": "Thiếu nguồn."})
    client.force_login(editor)
    assert "yêu cầu sửa bài lúc 24/11/2026 08:05" in client.get(f"/admin/pages/{submitted.pk}/edit/").content.decode()
