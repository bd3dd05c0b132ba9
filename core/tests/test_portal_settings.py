"""Site name, tagline, footer text and contact block come from the editable PortalSettings."""

from pathlib import Path

import pytest
from wagtail.models import Site

from core.models import PortalSettings
from tests.factories import ArticlePageFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def edit_settings(admin_client, **changes):
    site = Site.objects.get(is_default_site=True)
    current = PortalSettings.for_site(site)
    data = {
        field: getattr(current, field)
        for field in (
            "site_name",
            "tagline",
            "footer_text",
            "governing_body",
            "responsible_person",
            "licence",
            "address",
            "phone",
            "email",
        )
    }
    response = admin_client.post(f"/admin/settings/core/portalsettings/{site.pk}/", {**data, **changes})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_migration_fills_the_footer_contact_block(client, home):
    body = client.get("/").content.decode()
    for label in ("Cơ quan chủ quản:", "Người chịu trách nhiệm:", "Giấy phép:", "Địa chỉ:", "Điện thoại:"):
        assert label in body
    assert 'href="mailto:banbientap@thidua.example"' in body


def test_editor_changes_name_tagline_footer_and_contact_in_the_admin(admin_client, client, campaign):
    edit_settings(
        admin_client,
        site_name="Cổng Thi đua Tỉnh Lào Cai",
        tagline="Thi đua là yêu nước",
        footer_text="Chuyên trang của Ban Thi đua – Khen thưởng tỉnh.",
        governing_body="Sở Nội vụ tỉnh Lào Cai",
        licence="Giấy phép số 12/GP-TTĐT ngày 05/11/2026",
        phone="",
    )
    article = ArticlePageFactory(parent=campaign, title="Bài có tên trang mới")
    for url in ("/", campaign.url, article.url, article.url + "ban-in/", "/tim-kiem/?q=thi"):
        body = client.get(url).content.decode()
        assert "Cổng Thi đua Tỉnh Lào Cai</title>" in body, url
    home = client.get("/").content.decode()
    assert 'class="brand__name">Cổng Thi đua Tỉnh Lào Cai<' in home and "Thi đua là yêu nước" in home
    assert "Sở Nội vụ tỉnh Lào Cai" in home and "Giấy phép số 12/GP-TTĐT ngày 05/11/2026" in home
    assert "Điện thoại:" not in home  # an emptied field disappears with its label
    assert '<meta property="og:site_name" content="Cổng Thi đua Tỉnh Lào Cai">' in home
    assert '"name": "Cổng Thi đua Tỉnh Lào Cai"' in client.get(article.url).content.decode()  # JSON-LD publisher
    assert "<title>Cổng Thi đua Tỉnh Lào Cai: tin mới nhất</title>" in client.get("/rss/").content.decode()
    assert f"{campaign.title} – Cổng Thi đua Tỉnh Lào Cai" in client.get(campaign.url + "rss/").content.decode()


def test_no_template_or_feed_hard_codes_the_site_name():
    places = [
        *(ROOT / "templates").rglob("*.html"),
        *(ROOT / "templates").rglob("*.txt"),
        *(ROOT / "news" / "templates").rglob("*.html"),
        *(ROOT / "search" / "templates").rglob("*.html"),
        ROOT / "news" / "feeds.py",
        ROOT / "news" / "templatetags" / "news_tags.py",
    ]
    assert [str(p.relative_to(ROOT)) for p in places if "Thi đua – Khen thưởng" in p.read_text(encoding="utf-8")] == []


@pytest.mark.parametrize(("group", "allowed"), [("Duyệt bài", True), ("Biên tập viên", False), ("Truyền thông", False)])
def test_only_reviewers_and_superusers_edit_the_site_settings(client, django_user_model, group, allowed):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("u", password="x")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    site = Site.objects.get(is_default_site=True)
    status = client.get(f"/admin/settings/core/portalsettings/{site.pk}/").status_code
    assert (status == 200) is allowed
