import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from news.models import ArticlePage, ArticlePageTag, CampaignPage, EmulationBloc

pytestmark = pytest.mark.django_db


def counts():
    return (
        CampaignPage.objects.count(),
        ArticlePage.objects.count(),
        EmulationBloc.objects.count(),
        ArticlePageTag.objects.count(),
    )


def test_seed_demo_fills_an_empty_site_and_is_idempotent():
    call_command("seed_demo", "--no-progress")
    first = counts()
    assert first[0] == 6 and first[1] == 36 and first[2] == 3
    call_command("seed_demo", "--no-progress")
    assert counts() == first


def test_demo_articles_have_the_full_anatomy():
    call_command("seed_demo", "--no-progress")
    article = ArticlePage.objects.live().order_by("pk").first()
    assert article.dateline and article.sapo and article.source
    assert article.authors.exists() and article.tags.exists()
    photos = [block for block, number in article.numbered_body if number]
    assert photos and all(block.value["image"].credit for block in photos)
    assert article.campaign_id == article.get_parent().pk
    assert article.latest_revision is not None  # curated stories went through publishing


def test_articles_option_tops_up_in_bulk_with_a_sound_tree():
    call_command("seed_demo", "--no-progress", "--articles", "250")
    assert ArticlePage.objects.count() == 250
    assert Page.find_problems() == ([], [], [], [], [])
    bulk = ArticlePage.objects.order_by("-pk").first()
    assert bulk.live and bulk.url_path.startswith(bulk.get_parent().url_path)
    assert bulk.campaign_id == bulk.get_parent().pk
    assert bulk.tags.exists() and bulk.authors.exists()
    call_command("seed_demo", "--no-progress", "--articles", "100")  # already more: nothing added
    assert ArticlePage.objects.count() == 250


def test_bulk_articles_are_served_and_found_by_admin_search(client, admin_client):
    call_command("seed_demo", "--no-progress", "--articles", "60")
    bulk = ArticlePage.objects.order_by("-pk").first()
    assert client.get(bulk.url).status_code == 200
    response = admin_client.get("/admin/pages/search/", {"q": bulk.title})
    assert bulk.title in response.content.decode()


def test_negative_article_count_is_refused():
    with pytest.raises(CommandError):
        call_command("seed_demo", "--articles", "-5")


def test_demo_accounts_are_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", "--no-progress", "--with-demo-users")


def test_demo_accounts_join_their_groups_when_debug_is_on(settings, django_user_model):
    settings.DEBUG = True
    call_command("seed_demo", "--no-progress", "--with-demo-users")
    assert django_user_model.objects.get(username="admin").is_superuser
    assert list(django_user_model.objects.get(username="bientap").groups.values_list("name", flat=True)) == [
        "Biên tập viên"
    ]


def test_site_url_option_sets_the_default_site_host():
    from wagtail.models import Site

    call_command("seed_demo", "--no-progress", "--site-url", "http://127.0.0.1:8000")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    with pytest.raises(CommandError):
        call_command("seed_demo", "--no-progress", "--site-url", "khong-phai-url")
