"""Publishing, unpublishing, moving, deleting and renaming update the search index."""

import pytest

from search.engines import get_engine
from search.engines.base import parse_request
from search.models import SearchDocument
from tests.factories import ArticlePageFactory, CampaignPageFactory

pytestmark = pytest.mark.django_db


def titles(query, **params):
    return [hit.title for hit in get_engine().search(parse_request({"q": query, **params})).hits]


@pytest.fixture
def engine_loaded(campaign, django_capture_on_commit_callbacks):
    """The in-memory index exists before the changes; on-commit work runs as if committed."""
    global committed
    committed = django_capture_on_commit_callbacks
    get_engine().search(parse_request({"q": "khoi dong"}))
    return campaign


committed = None


def publish(page):
    with committed(execute=True):
        page.save_revision().publish()


def act(action, *args, **kwargs):
    with committed(execute=True):
        return action(*args, **kwargs)


def fresh(page):
    """As the admin does: the page as stored, not a stale in-memory copy."""
    return type(page).objects.get(pk=page.pk)


def test_published_article_becomes_searchable(engine_loaded):
    article = ArticlePageFactory(parent=engine_loaded, title="Đà Nẵng biểu dương doanh nghiệp", live=False)
    assert titles("da nang") == []
    publish(article)
    assert titles("da nang") == ["Đà Nẵng biểu dương doanh nghiệp"]


def test_unpublished_and_deleted_articles_leave_the_index(engine_loaded):
    first = ArticlePageFactory(parent=engine_loaded, title="Hà Giang ký giao ước", live=False)
    second = ArticlePageFactory(parent=engine_loaded, title="Hà Giang tổng kết", live=False)
    publish(first)
    publish(second)
    assert len(titles("ha giang")) == 2
    act(fresh(first).unpublish)
    assert titles("ha giang") == ["Hà Giang tổng kết"]
    act(fresh(second).delete)
    assert titles("ha giang") == []
    assert not SearchDocument.objects.exists()


def test_edits_replace_the_old_text(engine_loaded):
    article = ArticlePageFactory(parent=engine_loaded, title="Tiêu đề cũ về Yên Bái", live=False)
    publish(article)
    article = fresh(article)
    article.title = "Tiêu đề mới về Điện Biên"
    publish(article)
    assert titles("yen bai") == []
    assert titles("dien bien") == ["Tiêu đề mới về Điện Biên"]


def test_moving_and_renaming_campaigns_update_facets(engine_loaded, campaign_index):
    other = CampaignPageFactory(parent=campaign_index, title="Phong trào đích", slug="dich")
    article = ArticlePageFactory(parent=engine_loaded, title="Bài chuyển phong trào Lai Châu", live=False)
    publish(article)
    act(fresh(article).move, other, pos="last-child")
    results = get_engine().search(parse_request({"q": "lai chau", "campaign": "dich"}))
    assert [hit.title for hit in results.hits] == ["Bài chuyển phong trào Lai Châu"]
    assert results.hits[0].url.startswith("/phong-trao/dich/")
    other = fresh(other)
    other.title = "Phong trào đã đổi tên"
    publish(other)
    assert get_engine().search(parse_request({"q": "lai chau"})).hits[0].campaign == "Phong trào đã đổi tên"


def _eventually(check, seconds=5.0):
    import time

    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_another_engine_on_the_same_index_sees_commits_within_seconds(engine_loaded):
    """A second engine object opens the index files as another worker would; tantivy's
    reader reloads on commit, without a restart."""
    from search.engines.tantivy_engine import TantivyEngine

    other_worker = TantivyEngine()

    def found(query):
        return [h.title for h in other_worker.search(parse_request({"q": query})).hits]

    assert found("quang ninh") == []
    article = ArticlePageFactory(parent=engine_loaded, title="Quảng Ninh khen thưởng thợ mỏ", live=False)
    publish(article)
    assert _eventually(lambda: found("quang ninh") == ["Quảng Ninh khen thưởng thợ mỏ"])
    act(fresh(article).unpublish)
    assert _eventually(lambda: found("quang ninh") == [])


def test_saving_a_draft_leaves_the_published_text_searchable(engine_loaded):
    from search.models import SearchOutbox

    article = ArticlePageFactory(parent=engine_loaded, title="Bắc Ninh tôn vinh nghệ nhân", live=False)
    publish(article)
    queued = SearchOutbox.objects.count()
    draft = fresh(article)
    draft.title = "Bản nháp chưa duyệt về Hưng Yên"
    with committed(execute=True):
        draft.save_revision()
    assert SearchOutbox.objects.count() == queued  # nothing for the index to do
    assert titles("bac ninh") == ["Bắc Ninh tôn vinh nghệ nhân"]
    assert titles("hung yen") == []


def test_rebuild_command_reindexes_everything(engine_loaded):
    from django.core.management import call_command

    ArticlePageFactory(parent=engine_loaded, title="Cao Bằng tuyên dương")  # created without signals firing publish
    SearchDocument.objects.all().delete()
    call_command("search_index", "rebuild", "--no-progress")
    assert titles("cao bang") == ["Cao Bằng tuyên dương"]


def test_wagtail_admin_search_still_works(engine_loaded, admin_client):
    article = ArticlePageFactory(parent=engine_loaded, title="Sơn La thi đua")
    from wagtail.search.backends import get_search_backend

    get_search_backend().add(article)
    response = admin_client.get("/admin/pages/search/", {"q": "Sơn La"})
    assert response.status_code == 200 and "Sơn La thi đua" in response.content.decode()


def test_imported_articles_become_searchable_without_a_rebuild(engine_loaded, tmp_path):
    from django.core.management import call_command

    export = tmp_path / "bai.txt"
    export.write_text(
        "Hà Nội\n\nThủ đô tuyên dương 100 thanh niên tiêu biểu\n\n"
        "(Chinhphu.vn) - Sapo.\n\n05/02/2023 09:30\n\nĐoạn văn.\n",
        encoding="utf-8",
    )
    with committed(execute=True):
        call_command("import_articles", "--no-progress", str(export), "--campaign", engine_loaded.slug)
    assert titles("thanh nien tieu bieu") == ["Thủ đô tuyên dương 100 thanh niên tiêu biểu"]
