"""Communications staff rate articles: who, captcha, CSRF, one vote each, reports."""

import threading

import pytest
from captcha.models import CaptchaStore
from django.contrib.auth.models import Group
from django.test import Client

from ratings.models import Rating
from tests.factories import ArticlePageFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def captcha():
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


@pytest.fixture
def article(campaign):
    return ArticlePageFactory(parent=campaign, title="Bài để đánh giá", authors=[AuthorFactory(name="Lan Hương")])


@pytest.fixture
def staff(django_user_model):
    def make(username, group="Truyền thông"):
        user = django_user_model.objects.create_user(username, password="mat-khau-dai-123")
        if group:
            user.groups.add(Group.objects.get(name=group))
        client = Client(HTTP_ACCEPT="application/json")
        client.force_login(user)
        return client

    return make


def rate(client, article, score, **extra):
    return client.post(f"/api/ratings/{article.pk}/", {"score": score, **captcha(), **extra})


def test_two_staff_rating_3_and_4_average_3_5_from_2(staff, article):
    first, second = staff("tt1"), staff("tt2")
    assert rate(first, article, 3).json() == {"average": 3.0, "count": 1, "your_score": 3}
    assert rate(second, article, 4).json() == {"average": 3.5, "count": 2, "your_score": 4}
    assert Client().get(f"/api/ratings/{article.pk}/").json() == {"average": 3.5, "count": 2, "your_score": None}


def test_rating_again_changes_rather_than_adds(staff, article):
    me = staff("tt1")
    rate(me, article, 2)
    assert rate(me, article, 5).json() == {"average": 5.0, "count": 1, "your_score": 5}
    assert Rating.objects.count() == 1
    assert me.get(f"/api/ratings/{article.pk}/").json()["your_score"] == 5


def test_anonymous_gets_401_and_nothing_is_stored(client, article):
    response = client.post(f"/api/ratings/{article.pk}/", {"score": 4, **captcha()})
    assert response.status_code == 401 and "đăng nhập" in response.json()["error"]
    assert not Rating.objects.exists()


def test_members_of_other_groups_get_403(staff, article):
    editor = staff("bientap", group="Biên tập viên")
    response = rate(editor, article, 4)
    assert response.status_code == 403 and "quyền" in response.json()["error"]
    assert not Rating.objects.exists()


def test_superusers_may_rate(staff, article, django_user_model):
    boss = django_user_model.objects.create_superuser("sep", password="x")
    client = Client(HTTP_ACCEPT="application/json")
    client.force_login(boss)
    assert rate(client, article, 5).status_code == 200


@pytest.mark.parametrize("score", ["0", "6", "-1", "3.5", "abc", "", "99999999999"])
def test_bad_scores_get_400_in_vietnamese(staff, article, score):
    response = rate(staff("tt1"), article, score)
    assert response.status_code == 400
    assert "1 đến 5" in response.json()["error"] or "số sao" in response.json()["error"]
    assert not Rating.objects.exists()


def test_wrong_or_missing_captcha_gets_400(staff, article):
    me = staff("tt1")
    wrong = me.post(
        f"/api/ratings/{article.pk}/", {"score": 4, "captcha_0": CaptchaStore.generate_key(), "captcha_1": "sai"}
    )
    assert wrong.status_code == 400 and "Mã xác nhận" in wrong.json()["error"]
    missing = me.post(f"/api/ratings/{article.pk}/", {"score": 4})
    assert missing.status_code == 400
    assert not Rating.objects.exists()


def test_a_captcha_answer_cannot_be_reused(staff, article):
    me = staff("tt1")
    answer = captcha()
    assert me.post(f"/api/ratings/{article.pk}/", {"score": 4, **answer}).status_code == 200
    assert me.post(f"/api/ratings/{article.pk}/", {"score": 2, **answer}).status_code == 400
    assert Rating.objects.get().score == 4


def test_missing_csrf_token_is_refused(django_user_model, article):
    user = django_user_model.objects.create_user("tt1", password="x")
    user.groups.add(Group.objects.get(name="Truyền thông"))
    strict = Client(enforce_csrf_checks=True, HTTP_ACCEPT="application/json")
    strict.force_login(user)
    assert strict.post(f"/api/ratings/{article.pk}/", {"score": 4, **captcha()}).status_code == 403
    assert not Rating.objects.exists()


def test_unknown_draft_and_non_article_pages_are_404(staff, article, campaign):
    me = staff("tt1")
    draft = ArticlePageFactory(parent=campaign, title="Nháp", live=False)
    for page_id in (999999, draft.pk, campaign.pk):
        assert rate(me, type("P", (), {"pk": page_id})(), 4).status_code == 404
        assert me.get(f"/api/ratings/{page_id}/").status_code == 404
    assert not Rating.objects.exists()


def test_per_user_rate_limit(staff, article, settings):
    settings.RATINGS_PER_MINUTE = 3
    me = staff("tt1")
    statuses = [rate(me, article, 4).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_no_javascript_form_redirects_back_to_the_article(django_user_model, article):
    user = django_user_model.objects.create_user("tt1", password="x")
    user.groups.add(Group.objects.get(name="Truyền thông"))
    browser = Client()
    browser.force_login(user)
    response = browser.post(f"/api/ratings/{article.pk}/", {"score": 4, "next": article.url, **captcha()})
    assert response.status_code == 302 and response["Location"] == f"{article.url}?danh-gia=ok#danh-gia"
    evil = browser.post(f"/api/ratings/{article.pk}/", {"score": 4, "next": "https://evil.example/", **captcha()})
    assert evil["Location"].startswith(article.url)


def test_widget_for_each_kind_of_visitor(client, staff, article):
    anonymous = client.get(article.url).content.decode()
    assert "Đăng nhập để đánh giá" in anonymous and 'name="score"' not in anonymous
    rate(staff("tt0"), article, 4)
    assert "Điểm trung bình <strong data-rating-average>4</strong>/5" in client.get(article.url).content.decode()
    rater = staff("tt1").get(article.url).content.decode()
    assert 'name="score"' in rater and "từ 1 đến 5 sao" in rater and "Di chuột" not in rater
    assert 'name="captcha_0"' in rater and "/captcha/image/" in rater and "csrfmiddlewaretoken" in rater
    other = staff("bientap", group="Biên tập viên").get(article.url).content.decode()
    assert 'name="score"' not in other and "Chỉ cán bộ truyền thông" in other


def test_report_filters_summarises_and_exports(staff, article, campaign):
    other = ArticlePageFactory(parent=campaign, title="Bài khác")
    rate(staff("tt1"), article, 3)
    rate(staff("tt2"), article, 4)
    rate(staff("tt3"), other, 5)
    office = staff("duyetbai", group="Duyệt bài")
    page = office.get("/admin/reports/danh-gia/").content.decode()
    assert "Bài để đánh giá" in page and "Phân bố số sao (3 lượt)" in page and "<svg" in page
    filtered = office.get("/admin/reports/danh-gia/", {"author": article.authors.get().pk}).content.decode()
    assert "Bài để đánh giá" in filtered and "Bài khác" not in filtered
    csv_lines = download(office, "/admin/reports/danh-gia/?export=csv").decode("utf-8-sig").splitlines()
    assert csv_lines[0] == "Bài viết,Phong trào,Điểm trung bình,Số lượt,Lần đánh giá cuối"
    assert csv_lines[1].startswith("Bài để đánh giá,Thi đua chuyển đổi số,3.50,2,")


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_report_exports_xlsx_with_numbers_and_vietnam_time(staff, article):
    import datetime as dt
    import io

    import openpyxl

    rate(staff("tt1"), article, 3)
    rate(staff("tt2"), article, 4)
    Rating.objects.update(updated_at=dt.datetime(2026, 11, 5, 1, 30, tzinfo=dt.UTC))  # 08:30 in Vietnam
    workbook = openpyxl.load_workbook(
        io.BytesIO(download(staff("duyetbai", "Duyệt bài"), "/admin/reports/danh-gia/?export=xlsx"))
    )
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0] == ("Bài viết", "Phong trào", "Điểm trung bình", "Số lượt", "Lần đánh giá cuối")
    assert rows[1] == ("Bài để đánh giá", "Thi đua chuyển đổi số", 3.5, 2, dt.datetime(2026, 11, 5, 8, 30))


def test_report_is_closed_to_editors(staff):
    assert staff("bientap", group="Biên tập viên").get("/admin/reports/danh-gia/").status_code in (302, 403)


def test_production_refuses_captcha_test_mode():
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.test_settings import PRODUCTION_MAIL

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thidua_site.settings.production",
        "SECRET_KEY": "x" * 50,
        "REDIS_URL": "redis://cache.internal:6379/0",
        **PRODUCTION_MAIL,
        "CAPTCHA_TEST_MODE": "1",
    }
    result = subprocess.run(
        [sys.executable, "-B", "-c", "import django; django.setup()"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "CAPTCHA_TEST_MODE" in result.stderr


def test_test_mode_accepts_passed_when_enabled(staff, article, settings):
    from captcha.conf import settings as captcha_settings

    settings.CAPTCHA_TEST_MODE = True
    captcha_settings.CAPTCHA_TEST_MODE = True
    try:
        response = staff("tt1").post(
            f"/api/ratings/{article.pk}/", {"score": 4, "captcha_0": CaptchaStore.generate_key(), "captcha_1": "PASSED"}
        )
        assert response.status_code == 200
    finally:
        captcha_settings.CAPTCHA_TEST_MODE = False


def test_readers_of_the_cached_article_see_a_new_rating_at_once(
    staff, article, settings, client, django_capture_on_commit_callbacks
):
    """The average is printed in the page the cache shares: a rating refreshes that copy."""
    from tests.test_frontend_purge import PurgeRecorder, configure

    settings.PAGE_CACHE_SECONDS = 600
    nginx = PurgeRecorder()
    threading.Thread(target=nginx.serve_forever, daemon=True).start()
    configure(settings, f"http://127.0.0.1:{nginx.server_address[1]}")
    settings.FRONTEND_CACHE_REPURGE_SECONDS = 0
    try:
        assert "Chưa có đánh giá" in client.get(article.url).content.decode()  # now in the Django tier
        assert "Chưa có đánh giá" in client.get(article.url).content.decode()
        rater = staff("tt1")
        with django_capture_on_commit_callbacks(execute=True):
            rate(rater, article, 4)
        from core.frontend_cache import purger

        assert purger.wait()
        assert "Điểm trung bình <strong data-rating-average>4</strong>/5" in client.get(article.url).content.decode()
        assert {article.url, article.url + "ban-in/"} <= nginx.paths()
    finally:
        nginx.shutdown()
        nginx.server_close()


def test_the_average_under_an_article_is_read_once_and_follows_every_rating(staff, article, django_user_model):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reader = Client()
    rate(staff("tt1"), article, 2)
    rate(staff("tt2"), article, 4)
    assert reader.get(f"/api/ratings/{article.pk}/").json()["average"] == 3.0
    with CaptureQueriesContext(connection) as queries:
        assert reader.get(f"/api/ratings/{article.pk}/").json() == {"average": 3.0, "count": 2, "your_score": None}
    assert not [q for q in queries.captured_queries if "AVG(" in q["sql"]]

    rate(staff("tt3"), article, 5)
    assert reader.get(f"/api/ratings/{article.pk}/").json() == {"average": 3.67, "count": 3, "your_score": None}
    django_user_model.objects.get(username="tt3").delete()  # the rating goes with the account
    assert reader.get(f"/api/ratings/{article.pk}/").json() == {"average": 3.0, "count": 2, "your_score": None}
