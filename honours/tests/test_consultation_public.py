"""Readers send comments to an open consultation: captcha, CSRF, rate limit, period; comments stay private."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from honours.models import CommentStatus, ConsultationComment

from .consultation_helpers import award, captcha, comment_data, consultation, decision, make_consultation  # noqa: F401

pytestmark = pytest.mark.django_db


def url(c):
    return c.get_absolute_url()


def test_list_groups_open_upcoming_and_closed(client, award):  # noqa: F811
    make_consultation(award, title="Đợt đang mở")
    make_consultation(award, opens=3, closes=10, title="Đợt sắp mở")
    make_consultation(award, opens=-10, closes=-2, title="Đợt đã đóng")
    body = client.get("/khen-thuong/lay-y-kien/").content.decode()
    assert body.index("Đang lấy ý kiến") < body.index("Đợt đang mở") < body.index("Sắp lấy ý kiến")
    assert body.index("Sắp lấy ý kiến") < body.index("Đợt sắp mở") < body.index("Đã kết thúc")
    assert body.index("Đã kết thúc") < body.index("Đợt đã đóng")


def test_detail_shows_proposals_period_day_first_in_vietnam_time_and_the_form(client, consultation):  # noqa: F811
    consultation.opens_at = dt.datetime(2026, 11, 1, 1, 30, tzinfo=dt.UTC)  # 08:30 in Hà Nội
    consultation.closes_at = timezone.now() + dt.timedelta(days=3)
    consultation.save()
    response = client.get(url(consultation))
    body = response.content.decode()
    assert response.status_code == 200
    assert "01/11/2026 08:30" in body
    for text in (
        "Bộ Nội vụ",
        "Bằng khen của Thủ tướng Chính phủ",
        "Nguyễn Văn An",
        "Phó Giám đốc",
        "Sở Nội vụ tỉnh Lào Cai",
        "Hoàn thành xuất sắc nhiệm vụ",
        "Cá nhân",
        "Tập thể",
    ):
        assert text in body
    assert 'name="captcha_0"' in body and "csrfmiddlewaretoken" in body and 'name="contact"' in body
    assert "private" in response["Cache-Control"]  # the CSRF token makes the page personal


def test_comment_is_accepted_while_open_and_redirects_with_thanks(client, consultation):  # noqa: F811
    proposal = consultation.proposals.get(name="Nguyễn Văn An")
    response = client.post(url(consultation), comment_data(proposal=proposal.pk))
    assert response.status_code == 302 and response["Location"].startswith(url(consultation) + "?da-gui=1")
    comment = ConsultationComment.objects.get()
    assert (comment.consultation, comment.proposal, comment.status) == (consultation, proposal, CommentStatus.PENDING)
    assert comment.contact == "0912 345 678" and comment.reviewed_by is None
    thanks = client.get(response["Location"]).content.decode()
    assert "Cảm ơn bạn đã gửi ý kiến" in thanks


def test_email_contact_and_a_general_comment_are_accepted(client, consultation):  # noqa: F811
    assert client.post(url(consultation), comment_data(contact="binh@example.vn")).status_code == 302
    assert ConsultationComment.objects.get().proposal is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact", "gọi tôi nhé", "Hãy nhập một số điện thoại"),
        ("contact", "12345", "Hãy nhập một số điện thoại"),
        ("contact", "ten@", "Hãy nhập một số điện thoại"),
        ("name", "   ", "Hãy nhập họ và tên"),
        ("content", "", "Hãy nhập nội dung ý kiến"),
        ("content", "x" * 5001, "Nội dung dài tối đa 5.000 ký tự"),
        ("proposal", "999999", "không có trong đợt lấy ý kiến này"),
    ],
)
def test_invalid_fields_get_vietnamese_messages_and_nothing_is_written(client, consultation, field, value, message):  # noqa: F811
    response = client.post(url(consultation), comment_data(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ConsultationComment.objects.exists()


def test_a_proposal_of_another_consultation_is_refused(client, consultation, award):  # noqa: F811
    other = make_consultation(award, title="Đợt khác")
    response = client.post(url(consultation), comment_data(proposal=other.proposals.first().pk))
    assert response.status_code == 400 and not ConsultationComment.objects.exists()


def test_wrong_captcha_is_a_form_error_and_nothing_is_written(client, consultation):  # noqa: F811
    data = comment_data()
    data["captcha_1"] = "sai"
    response = client.post(url(consultation), data)
    body = response.content.decode()
    assert response.status_code == 400 and "Mã xác nhận không đúng" in body
    assert "Trần Thị Bình" in body  # what the reader typed is kept
    assert not ConsultationComment.objects.exists()


def test_a_captcha_answer_is_spent_after_one_use(client, consultation):  # noqa: F811
    data = comment_data()
    assert client.post(url(consultation), data).status_code == 302
    assert client.post(url(consultation), data).status_code == 400
    assert ConsultationComment.objects.count() == 1


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [(2, 9, "chưa bắt đầu"), (-9, -1, "đã kết thúc")],
)
def test_before_and_after_the_period_no_form_and_post_is_refused(client, award, opens, closes, message):  # noqa: F811
    shut = make_consultation(award, opens=opens, closes=closes)
    page = client.get(url(shut)).content.decode()
    assert 'name="captcha_0"' not in page and "<textarea" not in page
    response = client.post(url(shut), comment_data())
    assert response.status_code == 403 and message in response.content.decode()
    assert not ConsultationComment.objects.exists()


def test_after_the_decision_the_consultation_is_closed(client, consultation, decision):  # noqa: F811
    consultation.decision = decision
    consultation.save()
    page = client.get(url(consultation)).content.decode()
    assert "<textarea" not in page and "1520/QĐ-TTg" in page
    response = client.post(url(consultation), comment_data())
    assert response.status_code == 403 and "Quyết định khen thưởng đã được ban hành" in response.content.decode()
    assert not ConsultationComment.objects.exists()


def test_over_the_rate_limit_is_429_in_vietnamese(client, consultation, settings):  # noqa: F811
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "consultation": "2/10m"}
    assert client.post(url(consultation), comment_data()).status_code == 302
    assert client.post(url(consultation), comment_data(captcha_1="sai")).status_code == 400  # counted too
    response = client.post(url(consultation), comment_data())
    assert response.status_code == 429
    assert "quá nhiều ý kiến" in response.content.decode() and response["Retry-After"]
    assert ConsultationComment.objects.count() == 1
    other_address = Client(REMOTE_ADDR="203.0.113.9")
    assert other_address.post(url(consultation), comment_data()).status_code == 302


def test_csrf_is_enforced(consultation):  # noqa: F811
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url(consultation), comment_data()).status_code == 403
    assert not ConsultationComment.objects.exists()
    page = strict.get(url(consultation))
    token = page.cookies["csrftoken"].value
    response = strict.post(url(consultation), {**comment_data(), "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and ConsultationComment.objects.count() == 1


def test_comments_never_appear_on_public_pages(client, consultation):  # noqa: F811
    secret = "Nội dung bí mật chỉ cán bộ xem"
    client.post(url(consultation), comment_data(content=secret, name="Người Gửi Kín", contact="kin@example.vn"))
    assert ConsultationComment.objects.count() == 1
    for path in (url(consultation), url(consultation) + "?da-gui=1", "/khen-thuong/lay-y-kien/"):
        body = client.get(path).content.decode()
        assert secret not in body and "Người Gửi Kín" not in body and "kin@example.vn" not in body


def test_upcoming_pages_are_not_kept_by_caches(client, award):  # noqa: F811
    upcoming = make_consultation(award, opens=1, closes=5)
    assert "no-cache" in client.get(url(upcoming))["Cache-Control"]
    assert "no-cache" in client.get("/khen-thuong/lay-y-kien/")["Cache-Control"]
