"""Editors write and submit, reviewers approve and publish, in Vietnamese."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Workflow

from news.models import ArticlePage
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_migrations_create_the_three_vietnamese_groups():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Biên tập viên", "Duyệt bài", "Truyền thông"} <= names
    assert not {"Editors", "Moderators"} & names


def test_editor_may_write_but_not_publish_and_reviewer_may_publish(make_user, campaign):
    editor, reviewer = make_user("bientap", "Biên tập viên"), make_user("duyetbai", "Duyệt bài")
    article = ArticlePageFactory(parent=campaign)
    editor_perms = article.permissions_for_user(editor)
    reviewer_perms = article.permissions_for_user(reviewer)
    assert editor_perms.can_edit() and not editor_perms.can_publish()
    assert campaign.permissions_for_user(editor).can_add_subpage()
    assert reviewer_perms.can_publish()


def test_communications_staff_cannot_edit_pages(make_user, campaign):
    staff = make_user("truyenthong", "Truyền thông")
    assert not ArticlePageFactory(parent=campaign).permissions_for_user(staff).can_edit()
    assert staff.has_perm("wagtailadmin.access_admin")


def test_column_is_under_the_review_workflow(campaign):
    article = ArticlePageFactory(parent=campaign)
    workflow = article.get_workflow()
    assert workflow.name == "Quy trình duyệt tin"
    assert [task.name for task in workflow.tasks] == ["Duyệt bài"]


def test_editors_story_goes_live_only_after_review(make_user, campaign):
    editor, reviewer = make_user("bientap", "Biên tập viên"), make_user("duyetbai", "Duyệt bài")
    article = ArticlePage(title="Bài chờ duyệt", sapo="Sapo", live=False)
    campaign.add_child(instance=article)
    article.save_revision(user=editor)
    state = Workflow.objects.get(name="Quy trình duyệt tin").start(article, editor)
    article.refresh_from_db()
    assert not article.live and state.status == "in_progress"
    task_state = state.current_task_state
    assert task_state.task.specific.get_actions(article, editor) == []  # the editor cannot approve
    assert [name for name, *_ in task_state.task.specific.get_actions(article, reviewer)][:2] == [
        "reject",
        "approve",
    ]
    task_state.task.specific.on_action(task_state, reviewer, "approve")
    article.refresh_from_db()
    assert article.live


def test_editor_submits_through_the_admin_in_vietnamese(make_user, campaign, client):
    editor = make_user("bientap", "Biên tập viên")
    client.force_login(editor)
    response = client.get(f"/admin/pages/add/news/articlepage/{campaign.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="vi"' in body
    for label in ("Địa danh", "Sapo (tóm tắt)", "Thời gian đăng", "Nội dung", "Tác giả", "Thẻ"):
        assert label in body, label
    assert "vietnamese-slug.js" in body
    response = client.post(
        f"/admin/pages/add/news/articlepage/{campaign.pk}/",
        {
            "title": "Đảng bộ phát động thi đua",
            "slug": "dang-bo-phat-dong-thi-dua",
            "dateline": "Hà Nội",
            "source": "Chinhphu.vn",
            "sapo": "Sapo bài viết.",
            "published_at": "2024-05-02 09:30",
            "body-count": "0",
            "tags": "thi đua",
            "action-submit": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = ArticlePage.objects.get(slug="dang-bo-phat-dong-thi-dua")
    assert not article.live
    assert article.current_workflow_state.status == "in_progress"
    assert timezone.localtime(article.latest_revision.as_object().published_at).hour == 9


def test_scheduled_article_goes_live_when_its_time_comes(campaign, monkeypatch):
    article = ArticlePage(title="Đăng theo lịch", live=False)
    campaign.add_child(instance=article)
    article.go_live_at = timezone.now() + dt.timedelta(hours=2)
    article.save_revision().publish()
    assert not Page.objects.get(pk=article.pk).live
    call_command("publish_scheduled")
    assert not Page.objects.get(pk=article.pk).live  # not yet

    later = timezone.now() + dt.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")
    assert Page.objects.get(pk=article.pk).live


def test_reviewers_manage_blocs_units_and_authors_in_the_admin(make_user, client):
    from news.models import EmulationBloc, Organisation

    client.force_login(make_user("duyetbai", "Duyệt bài"))
    unit = Organisation.objects.create(name="Bộ Tư pháp")
    listing = client.get("/admin/snippets/news/emulationbloc/")
    assert listing.status_code == 200
    response = client.post(
        "/admin/snippets/news/emulationbloc/add/",
        {
            "name": "Khối thi đua số 5",
            "description": "",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "1000",
            "members-0-organisation": str(unit.pk),
            "members-0-ORDER": "1",
            "leaders-TOTAL_FORMS": "1",
            "leaders-INITIAL_FORMS": "0",
            "leaders-MIN_NUM_FORMS": "0",
            "leaders-MAX_NUM_FORMS": "1000",
            "leaders-0-year": "2024",
            "leaders-0-organisation": str(unit.pk),
            "leaders-0-ORDER": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    bloc = EmulationBloc.objects.get(name="Khối thi đua số 5")
    assert bloc.leader_for(2024) == unit and bloc.members.get().organisation == unit
    assert client.get("/admin/snippets/news/author/").status_code == 200
    assert client.get("/admin/snippets/news/organisation/").status_code == 200
