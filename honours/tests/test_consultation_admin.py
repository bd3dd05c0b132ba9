"""Reviewers' side of consultations: the comments queue (permission, edit, export) and issuing the decision."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from honours.consultations import issue_decision, looks_like_contact
from honours.models import AwardForm, AwardKind, AwardLevel, Commendation, CommentStatus, ConsultationComment, Decision

from .consultation_helpers import award, consultation, decision, make_consultation  # noqa: F401

pytestmark = pytest.mark.django_db
QUEUE = "/admin/y-kien-gop-y/"


@pytest.fixture
def comments(consultation):  # noqa: F811
    an = consultation.proposals.get(name="Nguyễn Văn An")
    return [
        ConsultationComment.objects.create(
            consultation=consultation,
            proposal=an,
            name="Trần Thị Bình",
            contact="0912345678",
            content="Đúng thành tích.",
        ),
        ConsultationComment.objects.create(
            consultation=consultation, name="Lê Văn Cường", contact="cuong@example.vn", content='=HYPERLINK("x")'
        ),
    ]


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def moderator(make_user, client):
    user = grant(make_user("tiepnhan", "Truyền thông"), "moderate_consultationcomment")
    client.force_login(user)
    return client


def test_an_editor_without_the_permission_gets_no_queue(client, editor, comments):
    client.force_login(editor)
    for path in (QUEUE, f"{QUEUE}edit/{comments[0].pk}/", f"{QUEUE}?export=csv"):
        response = client.get(path)
        assert response.status_code in (302, 403)
        assert "Trần Thị Bình" not in response.content.decode()
    assert "Ý kiến góp ý" not in client.get("/admin/").content.decode()


def test_the_queue_lists_comments_with_filters_and_no_add_button(moderator, comments, consultation, award):  # noqa: F811
    other = make_consultation(award, title="Đợt khác")
    ConsultationComment.objects.create(consultation=other, name="Người đợt khác", contact="0987654321", content="x")
    body = moderator.get(QUEUE).content.decode()
    assert "Trần Thị Bình" in body and "Lê Văn Cường" in body and "Người đợt khác" in body
    assert "Chờ xem xét" in body and "Nguyễn Văn An" in body
    filtered = moderator.get(QUEUE, {"consultation": consultation.pk, "status": CommentStatus.PENDING})
    assert "Trần Thị Bình" in filtered.content.decode() and "Người đợt khác" not in filtered.content.decode()
    assert f"{QUEUE}new/" not in body
    assert moderator.get(f"{QUEUE}new/").status_code in (302, 403)
    assert moderator.get(f"{QUEUE}delete/{comments[0].pk}/").status_code in (302, 403)
    assert ConsultationComment.objects.count() == 3


def test_a_reviewer_sets_status_and_note_and_who_when_are_recorded(moderator, comments):
    comment = comments[0]
    edit = f"{QUEUE}edit/{comment.pk}/"
    assert "Đúng thành tích." in moderator.get(edit).content.decode()
    response = moderator.post(
        edit,
        {"status": CommentStatus.ACCEPTED, "reviewer_note": "Đã xác minh", "name": "Đổi tên", "content": "đổi"},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.reviewer_note) == (CommentStatus.ACCEPTED, "Đã xác minh")
    assert comment.reviewed_by.username == "tiepnhan" and comment.reviewed_at is not None
    assert (comment.name, comment.content) == ("Trần Thị Bình", "Đúng thành tích.")  # read-only for reviewers


def test_export_csv_and_xlsx_contain_the_comments(moderator, comments):
    response = moderator.get(QUEUE, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:6] == [
        "Thời điểm gửi",
        "Đợt lấy ý kiến",
        "Về người / tập thể",
        "Họ tên",
        "Điện thoại hoặc email",
        "Nội dung",
    ]
    by_name = {row[3]: row for row in rows[1:]}
    assert by_name["Trần Thị Bình"][2] == "Nguyễn Văn An" and by_name["Trần Thị Bình"][6] == "Chờ xem xét"
    assert by_name["Lê Văn Cường"][5] == '\'=HYPERLINK("x")'  # never a formula when opened in a spreadsheet
    xlsx = moderator.get(QUEUE, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    names = {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {"Trần Thị Bình", "Lê Văn Cường"}


def test_a_superuser_sees_the_queue(client, django_user_model, comments):
    client.force_login(django_user_model.objects.create_superuser("quantri", password="x"))
    assert "Trần Thị Bình" in client.get(QUEUE).content.decode()


# --- issuing the decision ---------------------------------------------------------------------------


def test_issue_decision_creates_commendations_once(consultation, decision, campaign):  # noqa: F811
    assert issue_decision(consultation, decision) == 2
    rows = Commendation.objects.filter(decision=decision).order_by("name")
    assert [(r.name, r.kind, r.position, r.unit.name, r.year) for r in rows] == [
        ("Nguyễn Văn An", "ca-nhan", "Phó Giám đốc", "Sở Nội vụ tỉnh Lào Cai", 2025),
        ("Phòng Thi đua – Khen thưởng", "tap-the", "", "Sở Nội vụ tỉnh Lào Cai", 2025),
    ]
    assert all(r.award == consultation.award and r.campaign == campaign for r in rows)
    assert rows[0].achievements.startswith("Hoàn thành xuất sắc")
    consultation.refresh_from_db()
    assert consultation.decision == decision and not consultation.is_open()
    assert issue_decision(consultation, decision) == 0
    assert Commendation.objects.count() == 2


def test_issue_decision_keeps_an_existing_commendation_and_adds_the_rest(consultation, decision):  # noqa: F811
    Commendation.objects.create(
        name="nguyễn  văn an",
        kind="ca-nhan",
        unit=consultation.proposals.first().unit,
        award=consultation.award,
        decision=decision,
        year=2025,
    )
    assert issue_decision(consultation, decision) == 1
    assert Commendation.objects.count() == 2


def test_issue_decision_refuses_another_decision_and_a_wrong_kind(consultation, decision, award):  # noqa: F811
    issue_decision(consultation, decision)
    second = Decision.objects.create(number="99/QĐ-BNV", date=decision.date, issuer="Bộ Nội vụ")
    with pytest.raises(ValidationError):
        issue_decision(consultation, second)
    flag = AwardForm.objects.create(
        name="Cờ thi đua của Chính phủ", kind=AwardKind.COLLECTIVE, level=AwardLevel.GOVERNMENT
    )
    mixed = make_consultation(flag, title="Đợt tặng Cờ")
    with pytest.raises(ValidationError, match="Nguyễn Văn An"):
        issue_decision(mixed, second)
    mixed.refresh_from_db()
    assert mixed.decision is None and not Commendation.objects.filter(decision=second).exists()


@pytest.fixture
def issuer(make_user, client):
    user = grant(make_user("khenthuong", "Biên tập viên"), "add_commendation")
    client.force_login(user)
    return client


def test_the_issue_view_needs_add_commendation(client, moderator, consultation):  # noqa: F811
    path = reverse("honours_issue_decision", args=[consultation.pk])
    response = moderator.get(path)
    assert response.status_code == 403 and "không có quyền" in response.content.decode()


def test_the_issue_view_creates_a_decision_inline_and_is_idempotent(issuer, consultation):  # noqa: F811
    path = reverse("honours_issue_decision", args=[consultation.pk])
    page = issuer.get(path).content.decode()
    assert "Nguyễn Văn An" in page and "Phòng Thi đua – Khen thưởng" in page
    data = {"number": " 35/QĐ-TTg ", "date": "2026-12-05", "issuer": "Thủ tướng Chính phủ", "confirm": "on"}
    response = issuer.post(path, data)
    assert response.status_code == 302
    decision = Decision.objects.get(number="35/QĐ-TTg")  # noqa: F811
    assert Commendation.objects.filter(decision=decision).count() == 2
    again = issuer.post(path, {"decision": decision.pk, "confirm": "on"}, follow=True)
    assert "không có khen thưởng mới" in again.content.decode()
    assert Commendation.objects.count() == 2


def test_the_issue_view_asks_for_confirmation_and_a_complete_new_decision(issuer, consultation):  # noqa: F811
    path = reverse("honours_issue_decision", args=[consultation.pk])
    response = issuer.post(path, {"number": "36/QĐ-TTg"})
    body = response.content.decode()
    assert (
        response.status_code == 200 and "Hãy đánh dấu ô xác nhận" in body and "Cần điền khi tạo quyết định mới" in body
    )
    assert not Decision.objects.exists() and not Commendation.objects.exists()


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("0912 345 678", True),
        ("+84 912-345-678", True),
        ("(024) 3823.4567", True),
        ("ten@example.vn", True),
        ("12345", False),
        ("abc", False),
        ("ten@", False),
        ("0912", False),
    ],
)
def test_contact_must_look_like_a_phone_or_an_email(value, ok):
    assert looks_like_contact(value) is ok


def test_the_snippet_listing_offers_the_issue_step_only_to_those_allowed(make_user, consultation):  # noqa: F811
    from honours.admin_consultation import issue_decision_button

    allowed = grant(make_user("co-quyen", "Biên tập viên"), "add_commendation")
    buttons = list(issue_decision_button(consultation, allowed))
    assert [b.url for b in buttons] == [reverse("honours_issue_decision", args=[consultation.pk])]
    assert list(issue_decision_button(consultation, make_user("khong-quyen", "Truyền thông"))) == []
    assert list(issue_decision_button(consultation.award, allowed)) == []


def test_the_viewset_menu_item_follows_the_moderation_permission(rf, make_user, editor):
    from honours.admin_consultation import comments_viewset

    item = comments_viewset.menu_item_class("Ý kiến góp ý", "/admin/y-kien-gop-y/")
    request = rf.get("/admin/")
    request.user = grant(make_user("tiepnhan2", "Biên tập viên"), "moderate_consultationcomment")
    assert item.is_shown(request)
    request.user = editor
    assert not item.is_shown(request)
