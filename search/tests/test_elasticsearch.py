"""Elasticsearch engine: mapping, analyzers, query bodies and bulk actions offline;
a live cluster only when ELASTICSEARCH_URL is set."""

import datetime as dt
import os
import uuid

import pytest

from search.engines.base import parse_request
from search.engines.elastic import ArticleDocument, build_search, build_suggest, bulk_actions, delete_actions

ROW = {
    "page_id": 7,
    "title": "Đảng bộ Văn phòng Chính phủ phát động thi đua",
    "sapo": "Sapo",
    "body": "Thân bài\nChú thích ảnh VGP/Minh Khôi",
    "tags": "thi đua\nĐảng bộ",
    "tag_slugs": "thi-dua\ndang-bo",
    "byline": "Minh Anh",
    "campaign_id": 3,
    "campaign_title": "Văn phòng Chính phủ chuyên nghiệp",
    "campaign_slug": "vpcp",
    "url": "/phong-trao/vpcp/dang-bo/",
    "published_at": dt.datetime(2024, 12, 31, 18, 0, tzinfo=dt.UTC),
}


def test_mapping_folds_accents_including_d_and_keeps_an_exact_subfield():
    index = ArticleDocument._index.to_dict()
    analyzers = index["settings"]["analysis"]["analyzer"]
    assert analyzers["vi_folded"]["filter"] == ["lowercase", "asciifolding"]  # Lucene asciifolding folds đ → d
    assert analyzers["vi_exact"]["filter"] == ["lowercase"]
    title = index["mappings"]["properties"]["title"]
    assert title["analyzer"] == "vi_folded"
    assert title["fields"]["exact"]["analyzer"] == "vi_exact"
    assert title["fields"]["shingles"]["analyzer"] == "vi_folded_shingles"
    assert title["fields"]["autocomplete"] == {
        "type": "text",
        "analyzer": "vi_autocomplete",
        "search_analyzer": "vi_folded",  # the query side folds too (unlike Wagtail's ES autocomplete)
    }
    assert index["mappings"]["properties"]["tag_slugs"]["type"] == "keyword"


def test_query_requires_every_word_and_boosts_title_phrases_and_exact_diacritics():
    body = build_search(parse_request({"q": "Bằng khen"})).to_dict()
    must = body["query"]["bool"]["must"][0]["multi_match"]
    assert must["operator"] == "and" and must["type"] == "cross_fields"
    assert must["fields"][0] == "title^8" and must["fields"][1] == "sapo^4" and must["fields"][-1] == "body^1"
    should = body["query"]["bool"]["should"]
    assert should[0]["multi_match"]["type"] == "phrase"
    assert should[2]["multi_match"]["fields"][0] == "title.exact^8"
    assert body["sort"] == ["_score", {"published_at": {"order": "desc"}}]  # recency only breaks ties
    assert body["highlight"]["pre_tags"] == ["<mark>"] and body["highlight"]["encoder"] == "html"


def test_unaccented_query_has_no_exact_boost_and_fallback_uses_or():
    body = build_search(parse_request({"q": "thi dua"}), operator="or").to_dict()
    assert len(body["query"]["bool"]["should"]) == 2
    assert body["query"]["bool"]["must"][0]["multi_match"]["operator"] == "or"


def test_filters_are_post_filters_and_facets_ignore_their_own_filter():
    body = build_search(
        parse_request({"q": "thi dua", "campaign": "vpcp", "year": "2024", "tag": "thi-dua", "page": "3"})
    ).to_dict()
    assert body["post_filter"]["bool"]["filter"] == [
        {"term": {"campaign_slug": "vpcp"}},
        {"term": {"year": 2024}},
        {"term": {"tag_slugs": "thi-dua"}},
    ]
    assert {"term": {"campaign_slug": "vpcp"}} not in body["aggs"]["campaign"]["filter"]["bool"]["filter"]
    assert {"term": {"year": 2024}} in body["aggs"]["campaign"]["filter"]["bool"]["filter"]
    assert (body["from"], body["size"]) == (20, 10)
    numeric = build_search(parse_request({"q": "x", "campaign": "12"})).to_dict()
    assert numeric["post_filter"]["bool"]["filter"] == [{"term": {"campaign_id": 12}}]


def test_newest_sort_and_empty_query():
    assert build_search(parse_request({"q": "thi dua", "sort": "newest"})).to_dict()["sort"] == [
        {"published_at": {"order": "desc"}}
    ]
    assert build_search(parse_request({"q": ""})).to_dict()["query"] == {"match_all": {}}


def test_suggest_uses_the_autocomplete_subfield():
    body = build_suggest("dang b").to_dict()
    assert body["query"] == {"match": {"title.autocomplete": {"query": "dang b", "operator": "and"}}}


def test_bulk_actions_carry_the_document_and_its_index():
    (action,) = list(bulk_actions([ROW], index="thu-nghiem"))
    assert action["_index"] == "thu-nghiem" and action["_id"] == 7
    source = action["_source"]
    assert source["title"] == ROW["title"] and source["tag_slugs"] == ["thi-dua", "dang-bo"]
    assert source["year"] == 2025  # 18:00 UTC on 31/12 is already 2025 in Hà Nội
    assert list(delete_actions([7, 8], index="thu-nghiem")) == [
        {"_op_type": "delete", "_index": "thu-nghiem", "_id": 7},
        {"_op_type": "delete", "_index": "thu-nghiem", "_id": 8},
    ]


live = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="needs a live Elasticsearch 8/9 cluster: set ELASTICSEARCH_URL=http://host:9200 to run",
)


@live
@pytest.mark.django_db
def test_live_cluster_folds_d_and_prefers_exact_diacritics(settings, corpus):
    from search.engines.elastic import ElasticsearchEngine

    settings.ELASTICSEARCH_INDEX = f"thidua-test-{uuid.uuid4().hex[:8]}"
    engine = ElasticsearchEngine(os.environ["ELASTICSEARCH_URL"])
    try:
        assert engine.rebuild() > 10
        assert engine.search(parse_request({"q": "dang bo"})).hits[0].page_id == corpus["dang_bo"].pk
        assert engine.search(parse_request({"q": "Bằng khen"})).hits[0].page_id == corpus["bang_khen"].pk
        assert engine.search(parse_request({"q": "dak lak"})).hits[0].page_id == corpus["dak_lak"].pk
        results = engine.search(parse_request({"q": "thi dua", "tag": "khoi-thi-dua"}))
        assert results.count == 2 and results.facets["tag"]
        assert "<mark>" in engine.search(parse_request({"q": "sang kien"})).hits[0].snippet
        assert engine.suggest("dang b")[0]["title"].startswith("Đảng bộ")
        engine.documents_changed([], [corpus["dak_lak"].pk])
        assert engine.search(parse_request({"q": "dak lak"})).count == 0
    finally:
        engine.client.indices.delete(index=settings.ELASTICSEARCH_INDEX, ignore_unavailable=True)
