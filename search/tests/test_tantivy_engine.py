"""The embedded index on disk: where it lives, how rebuilds switch it, what a reader sees."""

import pytest

from search import locks
from search.engines import get_engine
from search.engines.base import parse_request
from search.engines.tantivy_engine import RebuildRunning, TantivyEngine
from tests.factories import ArticlePageFactory

from .conftest import found

pytestmark = pytest.mark.django_db


def titles(engine, query, **params):
    return [hit.title for hit in engine.search(parse_request({"q": query, **params})).hits]


def test_the_index_lives_in_the_configured_directory(campaign, settings, tmp_path):
    settings.SEARCH_INDEX_DIR = str(tmp_path / "chi-muc")
    ArticlePageFactory(parent=campaign, title="Bình Định khen thưởng ngư dân")
    engine = TantivyEngine()
    engine.rebuild()
    assert engine.root.parent == tmp_path / "chi-muc"
    assert any(engine.link.resolve().iterdir())
    assert titles(engine, "binh dinh") == ["Bình Định khen thưởng ngư dân"]


def test_a_reader_opened_before_a_rebuild_moves_to_the_new_index_without_a_restart(campaign, monkeypatch):
    from search.documents import refresh_all_documents

    old = ArticlePageFactory(parent=campaign, title="Phú Yên biểu dương giáo viên")
    writer, reader = TantivyEngine(), TantivyEngine()
    writer.rebuild()
    assert titles(reader, "phu yen") == ["Phú Yên biểu dương giáo viên"]
    first = reader._generation
    old.title = "Khánh Hòa biểu dương giáo viên"
    old.save_revision().publish()
    refresh_all_documents()
    writer.rebuild()
    monkeypatch.setattr("search.engines.tantivy_engine.CHECK_INTERVAL", 0)
    assert titles(reader, "khanh hoa") == ["Khánh Hòa biểu dương giáo viên"]
    assert reader._generation != first


def test_a_rebuild_keeps_the_previous_index_and_clears_what_a_killed_one_left(campaign):
    ArticlePageFactory(parent=campaign, title="Kon Tum")
    engine = get_engine()
    engine.rebuild()
    first = engine.current_generation()
    orphan = engine.generations / "00000000T000000-v1-killed"  # a rebuild that died mid-way
    orphan.mkdir()
    (orphan / "meta.json").write_text("{}")
    engine.rebuild()
    second = engine.current_generation()
    engine.rebuild()
    kept = sorted(path.name for path in engine.generations.iterdir())
    assert first not in kept and orphan.name not in kept
    assert second in kept and engine.current_generation() in kept and len(kept) == 2


def test_a_second_rebuild_at_the_same_time_is_refused_not_interleaved(campaign):
    engine = get_engine()
    engine.rebuild()
    serving = engine.current_generation()
    with locks.exclusive("search-tantivy-rebuild", timeout=1, directory=engine.root), pytest.raises(RebuildRunning):
        TantivyEngine().rebuild()
    assert engine.current_generation() == serving


def test_filters_are_applied_before_deciding_between_every_word_and_any_word(corpus):
    """ "khoi thi dua 5" has every word only in a VPCP story; inside Lào Cai's campaign the
    search must fall back to any word instead of answering nothing."""
    everywhere = found("khoi thi dua 5")
    assert everywhere == [corpus["khoi_5"].pk]
    in_lao_cai = found("khoi thi dua 5", campaign="lao-cai")
    assert in_lao_cai and corpus["lao_cai"].pk in in_lao_cai
    assert corpus["khoi_5"].pk not in in_lao_cai


def test_a_fresh_small_site_indexes_itself_on_the_first_search(campaign):
    ArticlePageFactory(parent=campaign, title="Gia Lai tôn vinh già làng")
    from search.documents import refresh_all_documents

    refresh_all_documents()
    engine = TantivyEngine()
    assert engine.current_generation() is None
    assert titles(engine, "gia lai") == ["Gia Lai tôn vinh già làng"]


def test_an_index_built_by_an_older_schema_is_rebuilt_not_queried(campaign):
    """After an upgrade that changes the fields, the old generation would answer wrongly
    (or fail on a missing field): a small site rebuilds itself on the first search."""
    import os
    from pathlib import Path

    from search.engines.tantivy_engine import SCHEMA_VERSION

    ArticlePageFactory(parent=campaign, title="Sóc Trăng biểu dương nông dân")
    engine = get_engine()
    engine.rebuild()
    current = engine.current_generation()
    older = current.replace(f"-v{SCHEMA_VERSION}-", f"-v{SCHEMA_VERSION - 1}-")
    (engine.generations / current).rename(engine.generations / older)
    os.remove(engine.link)
    os.symlink(Path("generations") / older, engine.link)
    fresh = TantivyEngine()
    assert titles(fresh, "soc trang") == ["Sóc Trăng biểu dương nông dân"]
    assert f"-v{SCHEMA_VERSION}-" in fresh.current_generation()
