"""A sapo typed as the portal prints it, "(Chinhphu.vn) - …", shows its source once."""

import pytest

from news.models import ArticlePage
from news.tests.test_admin_dates import add_url, article_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "source, sapo, stored_source, stored_sapo",
    [
        (
            "",
            "(Chinhphu.vn) - Sáng 15/12, Đảng bộ phát động thi đua.",
            "Chinhphu.vn",
            "Sáng 15/12, Đảng bộ phát động thi đua.",
        ),
        ("Chinhphu.vn", "(Chinhphu.vn) – Sáng 15/12.", "Chinhphu.vn", "Sáng 15/12."),
        ("VGP", "(Chinhphu.vn) - Sáng 15/12.", "VGP", "(Chinhphu.vn) - Sáng 15/12."),
        ("VGP", "Sáng 15/12 (thứ hai) - lễ phát động.", "VGP", "Sáng 15/12 (thứ hai) - lễ phát động."),
    ],
)
def test_a_typed_source_prefix_moves_to_the_source_field_and_is_shown_once(
    admin_client, client, campaign, source, sapo, stored_source, stored_sapo
):
    response = admin_client.post(add_url(campaign), article_data(source=source, sapo=sapo, **{"action-publish": "1"}))
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="bai-viet-ve-thi-dua")
    assert (article.source, article.sapo) == (stored_source, stored_sapo)
    html = client.get(article.url).content.decode()
    assert html.count(f"({stored_source}) - ") == 1
