"""Imports go through Wagtail's revisions and history, and never overwrite an editor's work."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry, Revision

from importer.models import ImportConflict, ImportRecord
from importer.tests.commands import run
from news.models import ArticlePage, Author
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
DATED = "dateline_sapo_numbered_photos.txt"
UNDATED = "no_time_bare_caption_byline_stats.txt"
EDITED_SAPO = "Sapo do biên tập viên viết lại sau khi nhập."


@pytest.fixture
def export(tmp_path):
    target = tmp_path / "exports"
    target.mkdir()
    for name in (DATED, UNDATED):
        shutil.copy(FIXTURES / name, target / name)
    return target


def dated_article():
    return ArticlePage.objects.get(title="Bộ Tư pháp biểu dương 40 điển hình tiên tiến năm 2021")


def edit_in_admin(article, **changes):
    """What the edit view does: a new revision from the latest version, then publish."""
    version = article.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(version, name, value)
    revision = version.save_revision()
    revision.publish()
    return revision


def change_export(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_dated_import_is_a_published_revision_with_a_history_entry_naming_the_file(export):
    run(export / DATED)
    article = dated_article()
    assert article.live and not article.has_unpublished_changes
    assert article.revisions.count() == 1
    assert article.live_revision_id == article.latest_revision_id
    entries = PageLogEntry.objects.filter(page=article)
    imported = entries.get(action="importer.import")
    assert imported.data["file"].endswith(DATED) and imported.revision_id == article.latest_revision_id
    assert entries.filter(action="wagtail.publish").exists()
    assert ImportRecord.objects.get(article=article).revision_id == article.latest_revision_id


def test_history_page_in_the_admin_shows_the_import_and_its_file(export, admin_client):
    run(export / DATED)
    article = dated_article()
    html = admin_client.get(f"/admin/pages/{article.pk}/history/").content.decode()
    assert f"Nhập từ tệp “{export / DATED}”" in html


def test_an_undated_import_is_a_draft_revision_waiting_for_review(export):
    run(export / UNDATED)
    draft = ArticlePage.objects.get(title__startswith="Sở Nội vụ tỉnh Yên Bái")
    assert not draft.live and draft.live_revision is None
    assert draft.latest_revision.as_object().sapo.startswith("Sở Nội vụ tỉnh Yên Bái vừa tổ chức")
    assert PageLogEntry.objects.filter(page=draft, action="importer.import").count() == 1
    assert not PageLogEntry.objects.filter(page=draft, action="wagtail.publish").exists()


def test_re_import_of_an_untouched_article_publishes_a_new_revision(export):
    run(export / DATED)
    change_export(export / DATED, "Năm 2022, Bộ đặt mục tiêu", "Năm 2022, Bộ Tư pháp đặt mục tiêu")
    out, _ = run(export / DATED)
    assert "1 cập nhật" in out
    article = dated_article()
    assert article.revisions.count() == 2 and article.live_revision_id == article.latest_revision_id
    assert "Bộ Tư pháp đặt mục tiêu" in str(article.body)
    # The live row and the latest revision agree: a later publish from the admin keeps the import.
    assert "Bộ Tư pháp đặt mục tiêu" in str(article.get_latest_revision_as_object().body)


def test_re_import_over_an_editors_change_is_a_conflict_and_changes_nothing(export):
    run(export / DATED)
    edit_in_admin(dated_article(), sapo=EDITED_SAPO)
    before = {
        "revisions": Revision.objects.count(),
        "log": PageLogEntry.objects.count(),
        "authors": Author.objects.count(),
    }
    change_export(export / DATED, "Chiều 11/1, Bộ Tư pháp", "Chiều ngày 11/1, Bộ Tư pháp")
    change_export(export / DATED, "\nTop", "\nNguyễn Văn An\n\nTop")  # a byline the first export lacked

    with pytest.raises(CommandError) as error:
        run(export / DATED)
    assert error.value.returncode == 3
    article = dated_article()
    assert article.sapo == EDITED_SAPO and article.get_latest_revision_as_object().sapo == EDITED_SAPO
    assert {
        "revisions": Revision.objects.count(),
        "log": PageLogEntry.objects.count(),
        "authors": Author.objects.count(),
    } == before
    conflict = ImportConflict.objects.get(record__article=article)
    assert conflict.changed_fields == ["Sapo (tóm tắt)", "Tác giả"]  # the body did not change
    assert conflict.editor_revision_id == article.latest_revision_id


def test_conflict_is_reported_on_the_command_line_with_the_fields_that_differ(export):
    run(export / DATED)
    edit_in_admin(dated_article(), sapo=EDITED_SAPO)
    change_export(export / DATED, "Chiều 11/1, Bộ Tư pháp", "Chiều ngày 11/1, Bộ Tư pháp")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="dùng --force"):
        call_command("import_articles", "--no-progress", str(export / DATED), stdout=out, stderr=err)
    assert "1 xung đột không áp dụng" in out.getvalue()
    assert f"XUNG ĐỘT {export / DATED}" in err.getvalue() and "Sapo (tóm tắt)" in err.getvalue()


def test_unpublishing_in_the_admin_also_holds_a_re_import_back(export):
    run(export / DATED)
    dated_article().unpublish()
    change_export(export / DATED, "Chiều 11/1, Bộ Tư pháp", "Chiều ngày 11/1, Bộ Tư pháp")
    with pytest.raises(CommandError):
        run(export / DATED)
    assert not dated_article().live


def test_force_applies_the_file_and_keeps_the_editors_version_to_go_back_to(export):
    run(export / DATED)
    editor_revision = edit_in_admin(dated_article(), sapo=EDITED_SAPO)
    change_export(export / DATED, "Chiều 11/1, Bộ Tư pháp", "Chiều ngày 11/1, Bộ Tư pháp")
    with pytest.raises(CommandError):
        run(export / DATED)

    out, err = run("--force", export / DATED)
    assert "1 cập nhật (trong đó 1 ghi đè theo --force)" in out and "GHI ĐÈ" in err
    article = dated_article()
    assert article.sapo.startswith("Chiều ngày 11/1") and article.live_revision_id == article.latest_revision_id
    editor_revision.refresh_from_db()
    assert editor_revision.as_object().sapo == EDITED_SAPO  # still there to revert to
    forced = PageLogEntry.objects.filter(page=article, action="importer.import").latest("timestamp")
    assert forced.data["outcome"] == "forced" and forced.data["editor_revision"] == editor_revision.pk
    assert not ImportConflict.objects.exists()


def test_unchanged_file_over_an_edited_article_is_simply_unchanged(export):
    run(export / DATED)
    edit_in_admin(dated_article(), sapo=EDITED_SAPO)
    out, _ = run(export / DATED)
    assert "1 không đổi" in out and not ImportConflict.objects.exists()


def test_conflict_report_lists_the_conflict_and_shows_both_versions(export, admin_client):
    run(export / DATED)
    edit_in_admin(dated_article(), sapo=EDITED_SAPO)
    change_export(export / DATED, "Chiều 11/1, Bộ Tư pháp", "Chiều ngày 11/1, Bộ Tư pháp")
    with pytest.raises(CommandError):
        run(export / DATED)
    conflict = ImportConflict.objects.get()

    listing = admin_client.get("/admin/reports/bai-nhap-xung-dot/").content.decode()
    assert "Bộ Tư pháp biểu dương 40 điển hình tiên tiến năm 2021" in listing
    assert f"/admin/reports/bai-nhap-xung-dot/{conflict.pk}/" in listing and "Sapo (tóm tắt)" in listing

    diff = admin_client.get(f"/admin/reports/bai-nhap-xung-dot/{conflict.pk}/")
    html = diff.content.decode()
    assert diff.status_code == 200
    assert EDITED_SAPO.split()[0] in html and "ngày" in html
    assert 'class="deletion"' in html and 'class="addition"' in html  # Wagtail's revision comparison
    assert "--force" in html


def test_conflict_report_is_closed_to_staff_without_the_import_permission(export, client, make_user):
    client.force_login(make_user("truyenthong", "Truyền thông", is_staff=True))
    response = client.get("/admin/reports/bai-nhap-xung-dot/")
    assert response.status_code in (302, 403)


def test_a_conflict_stores_no_new_picture(export, tmp_path):
    run(export / DATED)
    edit_in_admin(dated_article(), sapo=EDITED_SAPO)
    pictures = tmp_path / "anh"
    pictures.mkdir()
    with ImageFactory().file.open("rb") as handle:
        data = handle.read()
    from wagtail.images import get_image_model

    Image = get_image_model()
    Image.objects.all().delete()
    (pictures / "dateline_sapo_numbered_photos-1.jpg").write_bytes(data)
    with pytest.raises(CommandError):
        run("--images", pictures, export / DATED)  # new options: a changed import, held back
    assert not Image.objects.exists()


def test_imported_story_shows_on_cached_listings_at_once(export, client):
    """Caches follow an import the way they follow a publish from the admin."""
    run(export / UNDATED)  # creates the archive column
    archive = ArticlePage.objects.get(title__startswith="Sở Nội vụ").get_parent()
    first = client.get(archive.url).content.decode()
    assert "Bộ Tư pháp biểu dương" not in first
    run(export / DATED)
    assert "Bộ Tư pháp biểu dương" in client.get(archive.url).content.decode()
    assert "Bộ Tư pháp biểu dương" in client.get("/").content.decode()


def as_imported_before_revisions(article):
    """The state the old importer left: rows written directly, no revision, no record of one."""
    ImportRecord.objects.filter(article=article).update(revision=None)
    ArticlePage.objects.filter(pk=article.pk).update(latest_revision=None, live_revision=None)
    Revision.objects.filter(object_id=str(article.pk)).delete()


def test_an_article_imported_before_revisions_is_updated_when_nobody_edited_it(export):
    run(export / DATED)
    as_imported_before_revisions(dated_article())
    change_export(export / DATED, "Chiều 11/1, Bộ Tư pháp", "Chiều ngày 11/1, Bộ Tư pháp")
    out, _ = run(export / DATED)
    assert "1 cập nhật" in out and dated_article().sapo.startswith("Chiều ngày 11/1")


def test_an_article_imported_before_revisions_and_edited_since_is_held_back(export):
    run(export / DATED)
    as_imported_before_revisions(dated_article())
    edit_in_admin(dated_article(), sapo=EDITED_SAPO)
    change_export(export / DATED, "Chiều 11/1, Bộ Tư pháp", "Chiều ngày 11/1, Bộ Tư pháp")
    with pytest.raises(CommandError):
        run(export / DATED)
    assert dated_article().sapo == EDITED_SAPO
