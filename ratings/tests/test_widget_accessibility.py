"""The rating widget for keyboard and screen-reader users: stars in order, a captcha people can
read or hear, and a wrong answer that leaves the reader at the captcha field."""

import stat

import pytest
from bs4 import BeautifulSoup
from captcha.models import CaptchaStore
from django.contrib.auth.models import Group
from django.test import Client

from ratings.captcha import READABLE_LETTERS, readable_challenge
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(campaign):
    return ArticlePageFactory(parent=campaign, title="Bài để đánh giá")


@pytest.fixture
def rater(django_user_model):
    user = django_user_model.objects.create_user("truyenthong1", password="mat-khau-dai-123")
    user.groups.add(Group.objects.get(name="Truyền thông"))
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def fake_flite(tmp_path):
    program = tmp_path / "flite"
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return str(program)


def widget(browser, url):
    response = browser.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("[data-rating-widget]")


def test_stars_come_in_visual_order_one_to_five_inside_a_labelled_fieldset(rater, article):
    form = widget(rater, article.url)
    stars = form.select("fieldset.stars input[type=radio][name=score]")
    assert [star["value"] for star in stars] == ["1", "2", "3", "4", "5"]
    assert form.select_one("fieldset.stars legend").get_text(strip=True).startswith("Chọn số sao")
    labels = [form.select_one(f"label[for={star['id']}]").get_text(strip=True) for star in stars]
    assert labels == [f"{n} sao★" for n in range(1, 6)]


def test_hint_does_not_assume_a_mouse(rater, article):
    text = widget(rater, article.url).get_text()
    assert "Di chuột" not in text and "từ 1 đến 5 sao" in text


def test_audio_captcha_link_appears_when_flite_is_installed(rater, article, settings, fake_flite):
    settings.CAPTCHA_FLITE_PATH = fake_flite
    form = widget(rater, article.url)
    key = form.select_one("[data-captcha-key]")["value"]
    link = form.select_one("a[data-captcha-audio]")
    assert link is not None and link["href"] == f"/captcha/audio/{key}.wav"
    assert link.get_text(strip=True).startswith("Nghe mã")


@pytest.mark.parametrize("path", [None, "", "/khong-co/flite"])
def test_no_audio_link_without_flite(rater, article, settings, path):
    settings.CAPTCHA_FLITE_PATH = path
    assert widget(rater, article.url).select_one("[data-captcha-audio]") is None


def test_captcha_refresh_hands_out_a_new_audio_address(rater, settings, fake_flite):
    settings.CAPTCHA_FLITE_PATH = fake_flite
    data = rater.get("/captcha/refresh/", HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()
    assert data["audio_url"] == f"/captcha/audio/{data['key']}.wav"


def test_captcha_is_drawn_gently(settings):
    assert max(abs(angle) for angle in settings.CAPTCHA_LETTER_ROTATION) <= 15
    assert "captcha.helpers.noise_arcs" not in settings.CAPTCHA_NOISE_FUNCTIONS
    assert settings.CAPTCHA_FONT_SIZE >= 34


def test_challenge_avoids_look_alike_letters_and_is_not_constant():
    challenges = {readable_challenge() for _ in range(20)}
    assert len(challenges) > 1
    for shown, answer in challenges:
        assert len(shown) == 5 and answer == shown.lower()
        assert set(shown) <= set(READABLE_LETTERS) and not set(shown) & set("IL1O0QUV")


def test_captcha_image_is_not_its_answer_in_plain_text(rater, article):
    form = widget(rater, article.url)
    key = form.select_one("[data-captcha-key]")["value"]
    answer = CaptchaStore.objects.get(hashkey=key).response
    assert answer.lower() not in str(form).lower().replace(key, "")


def test_wrong_captcha_without_javascript_returns_to_the_captcha_with_the_error_announced(rater, article):
    response = rater.post(
        f"/api/ratings/{article.pk}/",
        {"score": 4, "next": article.url, "captcha_0": CaptchaStore.generate_key(), "captcha_1": "sai"},
    )
    assert response.status_code == 302
    form = widget(rater, response["Location"].split("#")[0])
    field = form.select_one("[data-captcha-answer]")
    error = form.select_one("[data-rating-error]")
    assert error["role"] == "alert" and "mã xác nhận" in error.get_text()
    assert field["aria-invalid"] == "true" and field["aria-describedby"] == error["id"]
    assert field.has_attr("autofocus")


def test_fresh_widget_marks_nothing_invalid(rater, article):
    field = widget(rater, article.url).select_one("[data-captcha-answer]")
    assert not field.has_attr("aria-invalid") and not field.has_attr("autofocus")
