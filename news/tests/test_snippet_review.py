"""Renaming an author, a unit or a bloc reaches readers only after review.

Everything goes through the real admin views, as the demo editor ("Biên tập
viên") and reviewer ("Duyệt bài") groups created by the data migrations.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import ModelLogEntry, WorkflowContentType

from news.models import Author, EmulationBloc, Organisation
from tests.factories import ArticlePageFactory, AuthorFactory, EmulationBlocFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(db):
    return AuthorFactory(name="Hoàng Giang", role="Phóng viên")


@pytest.fixture
def article(campaign, author):
    return ArticlePageFactory(parent=campaign, title="Tổng kết phong trào thi đua", authors=[author])


def byline(client, page):
    node = BeautifulSoup(client.get(page.url).content, "html.parser").select_one(".article__byline")
    return node.get_text(strip=True) if node else ""


def edit_url(obj):
    return AdminURLFinder().get_edit_url(obj)


def submit_rename(client, author, name, action="action-submit"):
    return client.post(edit_url(author), {"name": name, "role": author.role, action: "1"})


def approve(client, obj):
    task_state = obj.current_workflow_task_state
    url = reverse(obj.snippet_viewset.get_url_name("workflow_action"), args=(obj.pk, "approve", task_state.pk))
    return client.post(url, {"comment": ""})


def test_the_review_workflow_covers_authors_units_and_blocs():
    for model in (Author, Organisation, EmulationBloc):
        assignment = WorkflowContentType.objects.get(content_type=ContentType.objects.get_for_model(model))
        assert assignment.workflow.name == "Quy trình duyệt tin"


def test_editors_may_change_but_not_publish_snippets_and_reviewers_may(editor, reviewer):
    for model in ("author", "organisation", "emulationbloc"):
        assert editor.has_perm(f"news.change_{model}") and editor.has_perm(f"news.add_{model}")
        assert not editor.has_perm(f"news.publish_{model}")
        assert reviewer.has_perm(f"news.publish_{model}")


def test_editors_rename_waits_for_review_then_the_reviewer_publishes_it(client, editor, reviewer, author, article):
    assert byline(client, article) == "Hoàng Giang"

    client.force_login(editor)
    response = submit_rename(client, author, "Hoàng Giang (TTXVN)")
    assert response.status_code == 302, response.content.decode()[:1500]
    client.logout()

    author.refresh_from_db()
    assert author.name == "Hoàng Giang" and author.live and author.has_unpublished_changes
    assert author.latest_revision.as_object().name == "Hoàng Giang (TTXVN)"
    assert author.current_workflow_state.status == "in_progress"
    assert byline(client, article) == "Hoàng Giang"  # readers still see the reviewed name

    client.force_login(reviewer)
    response = approve(client, author)
    assert response.status_code in (200, 302), response.content.decode()[:1500]
    client.logout()

    author.refresh_from_db()
    assert author.name == "Hoàng Giang (TTXVN)" and not author.has_unpublished_changes
    assert byline(client, article) == "Hoàng Giang (TTXVN)"


def test_editor_cannot_publish_a_snippet_directly(client, editor, author, article):
    client.force_login(editor)
    response = submit_rename(client, author, "Tên chưa duyệt", action="action-publish")
    # Wagtail ignores the publish action for a user without the permission and
    # keeps the change as a draft.
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.name == "Hoàng Giang"
    assert author.latest_revision.as_object().name == "Tên chưa duyệt"
    assert not ModelLogEntry.objects.filter(object_id=str(author.pk), action="wagtail.publish").exists()

    unpublish = reverse(author.snippet_viewset.get_url_name("unpublish"), args=(author.pk,))
    response = client.post(unpublish)
    assert response.status_code in (302, 403)
    author.refresh_from_db()
    assert author.live
    client.logout()
    assert byline(client, article) == "Hoàng Giang"


def test_edit_screen_offers_the_editor_review_and_the_reviewer_publishing(client, editor, reviewer, author):
    client.force_login(editor)
    page = BeautifulSoup(client.get(edit_url(author)).content, "html.parser")
    assert page.select_one('button[name="action-submit"]') is not None
    assert page.select_one('[name="action-publish"]') is None

    client.force_login(reviewer)
    page = BeautifulSoup(client.get(edit_url(author)).content, "html.parser")
    assert page.select_one('[name="action-publish"]') is not None


def test_a_new_author_appears_in_bylines_only_once_approved(client, editor, reviewer, campaign):
    client.force_login(editor)
    response = client.post(
        reverse(Author.snippet_viewset.get_url_name("add")), {"name": "Minh Châu", "role": "", "action-submit": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    new_author = Author.objects.get(name="Minh Châu")
    assert not new_author.live
    # Even if an article carrying it is published, the unapproved name stays off the page.
    article = ArticlePageFactory(parent=campaign, authors=[new_author])
    client.logout()
    assert byline(client, article) == ""

    client.force_login(reviewer)
    approve(client, new_author)
    client.logout()
    assert byline(client, article) == "Minh Châu"


def test_renaming_a_bloc_waits_for_review_and_the_campaign_page_keeps_the_live_name(client, editor, campaign):
    bloc = EmulationBlocFactory(name="Khối thi đua số 5")
    campaign.blocs.set([bloc])
    campaign.save_revision().publish()
    client.force_login(editor)
    response = client.post(
        edit_url(bloc),
        {
            "name": "Khối thi đua số 6",
            "description": "",
            "members-TOTAL_FORMS": "0",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "1000",
            "leaders-TOTAL_FORMS": "0",
            "leaders-INITIAL_FORMS": "0",
            "leaders-MIN_NUM_FORMS": "0",
            "leaders-MAX_NUM_FORMS": "1000",
            "action-submit": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    client.logout()
    bloc.refresh_from_db()
    assert bloc.name == "Khối thi đua số 5"
    body = client.get(campaign.url).content.decode()
    assert "Khối thi đua số 5" in body and "Khối thi đua số 6" not in body


def test_audit_log_names_who_submitted_and_who_published(client, editor, reviewer, author):
    client.force_login(editor)
    submit_rename(client, author, "Hoàng Giang (TTXVN)")
    client.force_login(reviewer)
    approve(client, author)

    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Author), object_id=str(author.pk)
    )
    by_action = {entry.action: entry.user.username for entry in entries}
    assert by_action["wagtail.edit"] == "bientap"
    assert by_action["wagtail.workflow.start"] == "bientap"
    assert by_action["wagtail.workflow.approve"] == "duyetbai"
    assert by_action["wagtail.publish"] == "duyetbai"

    # The reviewer reads it in the admin's site history report.
    report = client.get(reverse("wagtailadmin_reports:site_history") + "?object_type=")
    assert report.status_code == 200
    text = BeautifulSoup(report.content, "html.parser").get_text(" ", strip=True)
    assert "Hoàng Giang (TTXVN)" in text and "bientap" in text and "duyetbai" in text


def test_search_byline_follows_the_published_name_only(client, editor, reviewer, author, article):
    from search.documents import document_fields, searchable_articles

    def search_byline():
        return document_fields(searchable_articles().get(pk=article.pk))["byline"]

    client.force_login(editor)
    submit_rename(client, author, "Hoàng Giang (TTXVN)")
    assert search_byline() == "Hoàng Giang"
    client.force_login(reviewer)
    approve(client, author)
    assert search_byline() == "Hoàng Giang (TTXVN)"
