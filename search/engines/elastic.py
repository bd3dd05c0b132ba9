"""Elasticsearch engine, through the DSL shipped in the ``elasticsearch`` client.

Mapping: every text field is analysed twice, folded (lowercase + asciifolding,
which folds đ → d) for matching, and exact (lowercase only) so the reader's own
diacritics can earn a boost; folded shingles reward phrases. Title autocomplete
uses edge n-grams at index time and the folded analyzer at query time, so
"dang b" finds "Đảng bộ" (Wagtail's own ES autocomplete does not fold queries).

``build_search`` is pure: tests check the query bodies offline; integration
tests run against a live cluster when ELASTICSEARCH_URL is set.
"""

from django.conf import settings
from django.utils import timezone
from elasticsearch import Elasticsearch
from elasticsearch.dsl import A, Date, Document, Integer, Keyword, Q, Text, analyzer, token_filter
from elasticsearch.helpers import bulk, streaming_bulk

from ..models import DOCUMENT_FIELDS, SearchDocument
from ..text import fold
from .base import SearchEngine, SearchHit, SearchResults

vi_folded = analyzer("vi_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
vi_exact = analyzer("vi_exact", tokenizer="standard", filter=["lowercase"])
vi_shingle = token_filter("vi_shingle", "shingle", min_shingle_size=2, max_shingle_size=2, output_unigrams=False)
vi_folded_shingles = analyzer(
    "vi_folded_shingles", tokenizer="standard", filter=["lowercase", "asciifolding", vi_shingle]
)
vi_edge = token_filter("vi_edge", "edge_ngram", min_gram=1, max_gram=20)
vi_autocomplete = analyzer("vi_autocomplete", tokenizer="standard", filter=["lowercase", "asciifolding", vi_edge])

FIELD_BOOSTS = {"title": 8, "sapo": 4, "tags": 3, "byline": 2, "body": 1}
HIGHLIGHT = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html"}


def vietnamese_text(**extra):
    fields = {"exact": Text(analyzer=vi_exact), "shingles": Text(analyzer=vi_folded_shingles)}
    fields.update(extra)
    return Text(analyzer=vi_folded, fields=fields)


class ArticleDocument(Document):
    title = vietnamese_text(autocomplete=Text(analyzer=vi_autocomplete, search_analyzer=vi_folded))
    sapo = vietnamese_text()
    body = vietnamese_text()
    tags = vietnamese_text()
    byline = vietnamese_text()
    tag_slugs = Keyword(multi=True)
    tag_names = Keyword(multi=True)
    campaign_id = Integer()
    campaign_title = Keyword()
    campaign_slug = Keyword()
    url = Keyword(index=False)
    published_at = Date()
    year = Integer()

    class Index:
        name = "thidua-articles"
        settings = {"number_of_shards": 1, "number_of_replicas": 0}

    @classmethod
    def from_row(cls, row):
        tags = row["tags"].splitlines()
        return cls(
            meta={"id": row["page_id"]},
            title=row["title"],
            sapo=row["sapo"],
            body=row["body"],
            tags=" \n".join(tags),
            byline=row["byline"],
            tag_slugs=row["tag_slugs"].splitlines(),
            tag_names=tags,
            campaign_id=row["campaign_id"],
            campaign_title=row["campaign_title"],
            campaign_slug=row["campaign_slug"],
            url=row["url"],
            published_at=row["published_at"],
            year=timezone.localtime(row["published_at"]).year,
        )


def index_name():
    return getattr(settings, "ELASTICSEARCH_INDEX", "") or ArticleDocument.Index.name


def _fields(suffix=""):
    return [f"{name}{suffix}^{boost}" for name, boost in FIELD_BOOSTS.items()]


def text_query(words, operator="and"):
    """Folded match on every word, plus phrase/proximity and exact-diacritics boosts."""
    text = " ".join(words)
    has_marks = any(word != fold(word) for word in words)
    should = [
        Q("multi_match", query=text, type="phrase", slop=2, fields=_fields(), boost=2),
        Q("multi_match", query=text, type="most_fields", fields=_fields(".shingles"), boost=1.5),
    ]
    if has_marks:
        should.append(Q("multi_match", query=text, type="most_fields", fields=_fields(".exact"), boost=0.5))
    must = Q("multi_match", query=text, type="cross_fields", operator=operator, fields=_fields())
    return Q("bool", must=[must], should=should)


def filter_queries(request):
    filters = {}
    if request.campaign:
        if request.campaign_id is not None:
            filters["campaign"] = Q("term", campaign_id=request.campaign_id)
        else:
            filters["campaign"] = Q("term", campaign_slug=request.campaign)
    if request.year:
        filters["year"] = Q("term", year=request.year)
    if request.tag:
        filters["tag"] = Q("term", tag_slugs=request.tag)
    return filters


def build_search(request, operator="and", index=None):
    """The whole request body for one results page: query, post-filters, facets, highlight, sort."""
    search = ArticleDocument.search(index=index or index_name())
    search = search.query(text_query(request.words, operator) if request.words else Q("match_all"))
    filters = filter_queries(request)
    if filters:
        search = search.post_filter(Q("bool", filter=list(filters.values())))
    facets = {
        "campaign": A("terms", field="campaign_id", size=20).metric(
            "label", A("terms", field="campaign_title", size=1)
        ),
        "year": A("terms", field="year", size=50, order={"_key": "desc"}),
        "tag": A("terms", field="tag_slugs", size=15).metric("label", A("terms", field="tag_names", size=1)),
    }
    for name, aggregation in facets.items():
        others = [query for other, query in filters.items() if other != name]
        wrapper = A("filter", filter=Q("bool", filter=others) if others else Q("match_all"))
        search.aggs.bucket(name, wrapper).bucket("values", aggregation)
    if request.sort == "newest" or not request.words:
        search = search.sort({"published_at": {"order": "desc"}})
    else:
        search = search.sort("_score", {"published_at": {"order": "desc"}})
    search = search.highlight_options(**HIGHLIGHT).highlight("sapo", "body", fragment_size=220, number_of_fragments=1)
    return search.extra(track_total_hits=True)[request.offset : request.offset + request.per_page]


def build_suggest(text, limit=8, index=None):
    search = ArticleDocument.search(index=index or index_name())
    search = search.query("match", **{"title.autocomplete": {"query": text, "operator": "and"}})
    return search.sort("_score", {"published_at": {"order": "desc"}}).source(["title", "url"])[:limit]


def bulk_actions(rows, index=None):
    """Index actions for SearchDocument rows, as ``elasticsearch.helpers.bulk`` takes them."""
    for row in rows:
        yield ArticleDocument.from_row(row).to_dict(include_meta=True) | {"_index": index or index_name()}


def delete_actions(page_ids, index=None):
    for pk in page_ids:
        yield {"_op_type": "delete", "_index": index or index_name(), "_id": pk}


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, url):
        self.client = Elasticsearch(url, request_timeout=10)

    def _results(self, request, response):
        hits = []
        for hit in response.hits:
            highlight = getattr(hit.meta, "highlight", None)
            fragments = (
                (list(getattr(highlight, "sapo", [])) + list(getattr(highlight, "body", []))) if highlight else []
            )
            hits.append(
                SearchHit(
                    page_id=int(hit.meta.id),
                    title=hit.title,
                    url=hit.url,
                    snippet=fragments[0] if fragments else (hit.sapo or "")[:220],
                    published_at=hit.published_at,
                    campaign=hit.campaign_title or "",
                )
            )
        facets = {}
        for name in ("campaign", "year", "tag"):
            buckets = response.aggregations[name]["values"]["buckets"]
            facets[name] = [
                {
                    "value": str(bucket["key"]),
                    "label": bucket["label"]["buckets"][0]["key"]
                    if "label" in bucket and bucket["label"]["buckets"]
                    else str(bucket["key"]),
                    "count": bucket["doc_count"],
                }
                for bucket in buckets
            ]
        return SearchResults(request=request, count=response.hits.total.value, hits=hits, facets=facets)

    def search(self, request):
        response = build_search(request).using(self.client).execute()
        if request.words and response.hits.total.value == 0:
            response = build_search(request, operator="or").using(self.client).execute()
        return self._results(request, response)

    def suggest(self, text, limit=8):
        response = build_suggest(text, limit).using(self.client).execute()
        return [{"title": hit.title, "url": hit.url} for hit in response.hits]

    def documents_changed(self, saved_ids, removed_ids):
        rows = SearchDocument.objects.filter(page_id__in=list(saved_ids)).values(*DOCUMENT_FIELDS)
        bulk(self.client, bulk_actions(rows), refresh="wait_for")
        if removed_ids:
            bulk(self.client, delete_actions(removed_ids), raise_on_error=False, refresh="wait_for")

    def rebuild(self, progress=None):
        from ..documents import rebuild_documents

        total = rebuild_documents(progress=None)
        index = ArticleDocument._index.clone(name=index_name())
        if index.exists(using=self.client):
            index.delete(using=self.client)
        index.create(using=self.client)
        rows = SearchDocument.objects.values(*DOCUMENT_FIELDS).iterator(chunk_size=1000)
        for done, _result in enumerate(streaming_bulk(self.client, bulk_actions(rows), chunk_size=500), 1):
            if progress and done % 500 == 0:
                progress(500)
        self.client.indices.refresh(index=index_name())
        return total
