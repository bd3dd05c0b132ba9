"""Elasticsearch engine, through the official client and the DSL it ships (``elasticsearch.dsl``).

Index layout: the name readers and writers use (``ELASTICSEARCH_INDEX``, default
``thidua-articles``) is an *alias* pointing at one concrete index
``<alias>-<timestamp>-<random>``. A rebuild fills a new concrete index beside
the live one, replays what changed meanwhile (``outbox.changed_since``) under
the write lock, then moves the alias in one ``update_aliases`` call: a search
sees the old index or the new one, never a half-filled one. Older concrete
indices are deleted, the previous one is kept for a quick manual rollback.

Writes arrive through the durable outbox (``search.outbox``), drained after
commit in a background thread and by ``manage.py search_index drain``: an
outage never fails a publish, it leaves rows pending until the cluster is back.
Requests on the drain path have short timeouts and no retries (the outbox
retries, with back-off); constructing the engine contacts nothing.

Mapping: every text field is analysed folded (lowercase + asciifolding, which
folds đ → d) for matching, with an ``exact`` subfield (lowercase only) so the
reader's own diacritics earn a bonus; folded word pairs are indexed as well
(``index_phrases``), so the phrase queries that reward adjacent query words
found adjacent are single term lookups. Title autocomplete is
an edge-n-gram subfield searched with the folding analyzer ("dang b" finds
"Đảng bộ").

Ranking: the rules of ``ranking`` as the tantivy engine applies them. Every
query word must match in some field (each word scored by the fields it is found
in, title > sapo > tags > byline > body); if no story has them all *once the
filters are applied*, any word. Filters are post-filters so every facet can be
counted with the other filters but not its own; ``hits.total`` counts after the
post-filter, so the "any word" fallback is decided on the filtered result.
Equal scores go newest first.

Results are hydrated from ``SearchDocument`` (what is public *now*): a hit the
cluster still holds for an article since unpublished (an outage delayed the
delete) is not shown.
"""

import contextlib
import logging
import re
import unicodedata
import uuid

from django.conf import settings
from django.utils import timezone
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError
from elasticsearch.dsl import A, Date, Document, Integer, Keyword, Q, Text, analyzer, token_filter
from elasticsearch.helpers import BulkIndexError, bulk, streaming_bulk

from .. import locks
from ..models import SearchDocument
from ..text import fold, highlight, normalise
from .base import RebuildRunning, SearchEngine, SearchHit, SearchResults, SearchUnavailable
from .ranking import EXACT_FACTOR, FIELD_BOOSTS, PHRASE_FACTOR, WHOLE_PHRASE_FACTOR, WHOLE_PHRASE_TIER

logger = logging.getLogger(__name__)

DEFAULT_ALIAS = "thidua-articles"
TEXT_FIELDS = tuple(FIELD_BOOSTS)
SNIPPET_CHARS = 220
REBUILD_TIMEOUT = 120.0  # seconds per bulk request while a rebuild loads the new index
REBUILD_CHUNK = 500

vi_folded = analyzer("vi_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
vi_exact = analyzer("vi_exact", tokenizer="standard", filter=["lowercase"])
vi_edge = token_filter("vi_edge", "edge_ngram", min_gram=1, max_gram=20)
vi_autocomplete = analyzer("vi_autocomplete", tokenizer="standard", filter=["lowercase", "asciifolding", vi_edge])

HIGHLIGHT = {
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    # Escape the article's own text, so only our <mark> tags reach the |safe template.
    "encoder": "html",
    "fragment_size": SNIPPET_CHARS,
    "number_of_fragments": 1,
    "no_match_size": 0,
}


def vietnamese_text(**extra):
    # index_phrases: word pairs are indexed too, so a two-word phrase query is one term lookup.
    return Text(analyzer=vi_folded, index_phrases=True, fields={"exact": Text(analyzer=vi_exact), **extra})


class ArticleDocument(Document):
    title = vietnamese_text(autocomplete=Text(analyzer=vi_autocomplete, search_analyzer=vi_folded))
    sapo = vietnamese_text()
    body = vietnamese_text()
    tags = vietnamese_text()
    byline = vietnamese_text()
    tag_slugs = Keyword(multi=True)
    # "<value>\t<label>": a facet bucket carries its own label (as in the tantivy engine),
    # so a tag's label can never be taken from another tag of the same article.
    tag_facet = Keyword(multi=True)
    campaign_id = Integer()
    campaign_slug = Keyword()
    campaign_facet = Keyword()
    url = Keyword(index=False)
    published_at = Date()
    year = Integer()

    class Index:
        name = DEFAULT_ALIAS
        # One shard: BM25 statistics are then the same for every document, so identical
        # stories score identically and recency alone orders them.
        settings = {"number_of_shards": 1, "number_of_replicas": 0}

    @classmethod
    def from_row(cls, row):
        def text(name):
            return unicodedata.normalize("NFC", row[name] or "")

        slugs = row["tag_slugs"].splitlines()
        labels = row["tags"].splitlines()
        campaign = row["campaign_id"]
        return cls(
            meta={"id": row["page_id"]},
            title=text("title"),
            sapo=text("sapo"),
            body=text("body"),
            tags=text("tags"),
            byline=text("byline"),
            tag_slugs=slugs,
            tag_facet=[f"{slug}\t{label}" for slug, label in zip(slugs, labels, strict=False)],
            campaign_id=campaign,
            campaign_slug=row["campaign_slug"] or None,
            campaign_facet=f"{campaign}\t{row['campaign_title']}" if campaign else None,
            url=row["url"],
            published_at=row["published_at"],
            year=timezone.localtime(row["published_at"]).year,
        )


def alias_name():
    return getattr(settings, "ELASTICSEARCH_INDEX", "") or DEFAULT_ALIAS


# --- queries -----------------------------------------------------------------------
def query_words(request):
    """The reader's words in order (lower-case, NFC, with their accents)."""
    return [normalise(word) for word in request.words]


def _unique_folded(words):
    """One word per folded form, first spelling kept: "thi đua thi dua" asks for two words."""
    seen = {}
    for word in words:
        seen.setdefault(fold(word), word)
    return list(seen.values())


def word_query(word):
    """One word, found in any field, scored by the fields it is found in (summed)."""
    fields = [f"{name}^{boost}" for name, boost in FIELD_BOOSTS.items()]
    return Q("multi_match", query=word, type="most_fields", fields=fields, operator="and")


def matching_query(words, all_words):
    """Which documents match; no bonuses, so facets and the fallback count the same set."""
    if not words:
        return Q("match_all")
    clauses = [word_query(word) for word in _unique_folded(words)]
    if all_words:
        return Q("bool", must=clauses)
    return Q("bool", should=clauses, minimum_should_match=1)


def bonus_queries(words):
    """Extra weight for adjacent words, the whole query in order and the reader's diacritics."""
    bonuses = []
    text = " ".join(words)
    pairs = {}
    for first, second in zip(words, words[1:], strict=False):
        pairs.setdefault(fold(f"{first} {second}"), f"{first} {second}")
    marked = list(dict.fromkeys(word for word in words if fold(word) != word))
    if len(words) > 1:
        # The tier: the whole query in order anywhere outranks any scattering of its words.
        anywhere = Q("bool", should=[Q("match_phrase", **{name: text}) for name in FIELD_BOOSTS])
        bonuses.append(Q("constant_score", filter=anywhere, boost=WHOLE_PHRASE_TIER))
    for name, boost in FIELD_BOOSTS.items():
        if len(words) > 1:
            bonuses.append(Q("match_phrase", **{name: {"query": text, "boost": boost * WHOLE_PHRASE_FACTOR}}))
        if len(words) > 2:
            bonuses.extend(
                Q("match_phrase", **{name: {"query": pair, "boost": boost * PHRASE_FACTOR}}) for pair in pairs.values()
            )
        if marked:
            bonuses.append(Q("match", **{f"{name}.exact": {"query": " ".join(marked), "boost": boost * EXACT_FACTOR}}))
    return bonuses


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


FACETS = {
    "campaign": lambda: A("terms", field="campaign_facet", size=20),
    "year": lambda: A("terms", field="year", size=50, order={"_key": "desc"}),
    "tag": lambda: A("terms", field="tag_facet", size=15),
}


def build_search(request, all_words=True, index=None):
    """One results page: matches, post-filters, facets without their own filter, snippets, order."""
    words = query_words(request)
    search = ArticleDocument.search(index=index or alias_name())
    query = matching_query(words, all_words)
    ranked = request.sort != "newest" and bool(words)
    if ranked:
        bonuses = bonus_queries(words)
        if bonuses:
            query = Q("bool", must=[query], should=bonuses)
    search = search.query(query)
    filters = filter_queries(request)
    if filters:
        search = search.post_filter(Q("bool", filter=list(filters.values())))
    for name, aggregation in FACETS.items():
        others = [query for other, query in filters.items() if other != name]
        wrapper = A("filter", filter=Q("bool", filter=others) if others else Q("match_all"))
        search.aggs.bucket(name, wrapper).bucket("values", aggregation())
    if ranked:
        search = search.sort("_score", {"published_at": {"order": "desc"}})
    else:
        search = search.sort({"published_at": {"order": "desc"}})
    if words:
        # Highlight single words (not phrases), as the tantivy engine's snippets do.
        marks = Q("multi_match", query=" ".join(words), fields=["sapo", "body"])
        search = search.highlight_options(**HIGHLIGHT, highlight_query=marks.to_dict()).highlight("sapo", "body")
    search = search.source(False).extra(track_total_hits=True)
    return search[request.offset : request.offset + request.per_page]


def build_suggest(text, limit=8, index=None):
    """Titles holding every complete word and a word starting with the last one, newest first."""
    words = [normalise(word) for word in re.findall(r"\w+", text or "")][:24]
    if not words:
        return None
    complete, prefix = words[:-1], words[-1]
    must = [Q("match", **{"title.autocomplete": {"query": prefix}})]
    if complete:
        must.insert(0, Q("match", title={"query": " ".join(complete), "operator": "and"}))
    search = ArticleDocument.search(index=index or alias_name()).query(Q("bool", must=must))
    return search.sort({"published_at": {"order": "desc"}}).source(False)[: limit * 3]


# --- bulk actions ------------------------------------------------------------------------
def bulk_actions(rows, index):
    """Index actions for ``SearchDocument`` rows, as ``elasticsearch.helpers.bulk`` takes them."""
    for row in rows:
        yield ArticleDocument.from_row(row).to_dict(include_meta=True) | {"_index": index}


def delete_actions(page_ids, index):
    for pk in page_ids:
        yield {"_op_type": "delete", "_index": index, "_id": pk}


def real_errors(errors):
    """Bulk item failures, less deletes of documents that were already gone."""
    return [item for item in errors if not ("delete" in item and item["delete"].get("status") == 404)]


class BulkRejected(Exception):
    """The cluster refused some documents; the outbox keeps the rows and retries."""


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"
    drain_in_background = True

    def __init__(self, url=None, index=None):
        url = url or settings.ELASTICSEARCH_URL
        hosts = [part.strip() for part in str(url).split(",") if part.strip()]
        self.alias = index or alias_name()
        self.timeout = float(getattr(settings, "ELASTICSEARCH_TIMEOUT", 5.0))
        # Nothing here touches the network: the client connects on its first request.
        self.client = Elasticsearch(hosts, request_timeout=self.timeout, max_retries=1, retry_on_timeout=False)

    # --- clients for each path --------------------------------------------------------
    def _writer(self):
        """Drains: fail fast, the outbox retries with back-off."""
        return self.client.options(request_timeout=self.timeout, max_retries=0)

    def _loader(self):
        """A rebuild's bulk load: long requests, retried."""
        return self.client.options(request_timeout=REBUILD_TIMEOUT, max_retries=3, retry_on_timeout=True)

    # --- locks ----------------------------------------------------------------------
    def write_lock(self, timeout=10.0):
        return locks.exclusive(f"search-{self.name}-{self.alias}", timeout)

    def rebuild_lock(self):
        return locks.exclusive(f"search-{self.name}-{self.alias}-rebuild", timeout=0)

    # --- writing ---------------------------------------------------------------------
    def _target(self, client):
        """Where drains write: the alias, a legacy concrete index of that name, or nowhere yet."""
        if client.indices.exists_alias(name=self.alias):
            return self.alias, True
        if client.indices.exists(index=self.alias):
            return self.alias, False  # an index built before aliases; the next rebuild replaces it
        return None, False

    def _write(self, client, index, saved_ids, removed_ids, refresh, require_alias=False):
        from ..documents import document_rows

        def actions():
            yield from bulk_actions(document_rows(saved_ids), index)
            yield from delete_actions(removed_ids, index)

        extra = {"require_alias": True} if require_alias else {}
        _, errors = bulk(client, actions(), chunk_size=REBUILD_CHUNK, raise_on_error=False, refresh=refresh, **extra)
        failures = real_errors(errors)
        if failures:
            ((operation, detail),) = failures[0].items()
            reason = detail.get("error", {})
            if isinstance(reason, dict):
                reason = f"{reason.get('type', '')}: {reason.get('reason', '')}"
            raise BulkRejected(
                f"{len(failures)} thao tác bị từ chối; đầu tiên: {operation} {detail.get('_id')} → {reason}"
            )

    def apply(self, saved_ids, removed_ids):
        """Push recomputed documents through the alias (the caller holds ``write_lock``).

        Raises on any failure but a delete of a document already gone, so the rows stay
        pending. Without an index yet there is nothing to update: the first rebuild reads
        every document anyway, and writing would let the cluster create an index of the
        alias's name with a guessed mapping.
        """
        if not saved_ids and not removed_ids:
            return
        client = self._writer()
        index, is_alias = self._target(client)
        if index is None:
            return
        self._write(client, index, saved_ids, removed_ids, refresh="wait_for", require_alias=is_alias)

    def rebuild(self, progress=None):
        """A new concrete index, loaded, caught up and swapped in; refuses to run twice at once."""
        with contextlib.ExitStack() as held:
            try:
                held.enter_context(self.rebuild_lock())
            except locks.LockTimeout:
                raise RebuildRunning("Một lần lập lại chỉ mục khác đang chạy; hãy đợi nó xong.") from None
            try:
                return self._rebuild(progress)
            except (ApiError, TransportError, BulkIndexError, BulkRejected) as error:
                raise SearchUnavailable(f"Elasticsearch không lập được chỉ mục: {error}") from error
            except locks.LockTimeout:
                raise SearchUnavailable(
                    "Chỉ mục đang được ghi quá lâu, chưa chuyển được sang chỉ mục mới; hãy chạy lại sau."
                ) from None

    def concrete_name(self, moment):
        return f"{self.alias}-{moment:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"

    def concrete_indices(self, client=None):
        """Concrete indices this alias has owned (ours by their name's exact shape)."""
        client = client or self.client
        pattern = re.compile(rf"^{re.escape(self.alias)}-\d{{14}}-[0-9a-f]{{6}}$")
        found = client.indices.get(index=f"{self.alias}-*", expand_wildcards="open,closed", ignore_unavailable=True)
        return sorted(name for name in found.body if pattern.match(name))

    def aliased_indices(self, client=None):
        client = client or self.client
        try:
            return sorted(client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def _rebuild(self, progress):
        from .. import outbox
        from ..documents import document_rows

        client = self._loader()
        started = timezone.now()
        name = self.concrete_name(started)
        index = ArticleDocument._index.clone(name=name)
        # No refreshes while loading: one at the end.
        index.settings(refresh_interval="-1")
        index.create(using=client)
        total = 0
        previous = []
        swapped = False
        try:
            for ok, _item in streaming_bulk(
                client, bulk_actions(document_rows(), name), chunk_size=REBUILD_CHUNK, max_retries=3
            ):
                total += ok
                if progress and total % 1000 == 0:
                    progress(1000)
            client.indices.put_settings(
                index=name,
                settings={
                    "refresh_interval": "1s",
                    "number_of_replicas": int(getattr(settings, "ELASTICSEARCH_REPLICAS", 0)),
                },
            )
            client.indices.refresh(index=name)
            with self.write_lock(timeout=120):
                # What changed while the new index was loaded (drains went to the old one).
                replay = outbox.changed_since(started)
                if replay:
                    present = set(SearchDocument.objects.filter(page_id__in=replay).values_list("page_id", flat=True))
                    self._write(client, name, present, replay - present, refresh=True)
                previous = self.aliased_indices(client)
                actions = [{"remove": {"index": old, "alias": self.alias}} for old in previous]
                if not previous and client.indices.exists(index=self.alias):
                    actions.append({"remove_index": {"index": self.alias}})  # built before aliases
                actions.append({"add": {"index": name, "alias": self.alias}})
                client.indices.update_aliases(actions=actions)
                swapped = True
        finally:
            if not swapped:
                self._discard(client, name)
        if progress:
            progress(total % 1000)
        self._collect(client, keep={name, *previous})
        outbox.drain(self)  # pending changes the replay only saw in their old state
        return total

    @staticmethod
    def _discard(client, name):
        """Best effort: a rebuild that failed leaves no half-filled index (the next one collects it otherwise)."""
        try:
            client.options(ignore_status=404).indices.delete(index=name)
        except (ApiError, TransportError):
            logger.warning("Không xoá được chỉ mục dở dang %s; lần lập lại sau sẽ dọn", name)

    def _collect(self, client, keep):
        """Delete this alias's older concrete indices, including what a killed rebuild left
        (one rebuild at a time, so none is being filled); the previous one stays."""
        stale = [name for name in self.concrete_indices(client) if name not in keep]
        if stale:
            client.options(ignore_status=404).indices.delete(index=",".join(stale))

    # --- reading ---------------------------------------------------------------------
    def _execute(self, search):
        try:
            return search.using(self.client).execute()
        except NotFoundError:
            logger.error("Chưa có chỉ mục Elasticsearch “%s”: chạy `manage.py search_index rebuild`", self.alias)
            return None
        except (ApiError, TransportError) as error:
            logger.warning("Elasticsearch không trả lời tìm kiếm: %s", error)
            raise SearchUnavailable("Tìm kiếm tạm thời gián đoạn.") from error

    def search(self, request):
        words = query_words(request)
        response = self._execute(build_search(request, all_words=True, index=self.alias))
        if response is not None and len(_unique_folded(words)) > 1 and response.hits.total.value == 0:
            # Decided on the post-filtered total: a filter can leave no story with every word.
            response = self._execute(build_search(request, all_words=False, index=self.alias))
        if response is None:
            return SearchResults(request=request, count=0)
        return self.results(request, response)

    def results(self, request, response):
        """Hits as readers see them now (from ``SearchDocument``), snippets always HTML-safe."""
        terms = {fold(word) for word in query_words(request)}
        ids = [int(hit.meta.id) for hit in response.hits]
        rows = {
            row["page_id"]: row
            for row in SearchDocument.objects.filter(page_id__in=ids).values(
                "page_id", "title", "sapo", "body", "url", "published_at", "campaign_title"
            )
        }
        hits = []
        for hit in response.hits:
            row = rows.get(int(hit.meta.id))
            if row is None:
                continue  # no longer public; the cluster has not heard yet
            marked = getattr(hit.meta, "highlight", None)
            fragments = []
            if marked is not None:
                fragments = list(getattr(marked, "sapo", [])) + list(getattr(marked, "body", []))
            hits.append(
                SearchHit(
                    page_id=row["page_id"],
                    title=row["title"],
                    url=row["url"],
                    # Fragments come HTML-encoded (encoder "html"); the fallback escapes too.
                    snippet=fragments[0] if fragments else highlight(row["sapo"] or row["body"], terms),
                    published_at=row["published_at"],
                    campaign=row["campaign_title"],
                )
            )
        return SearchResults(request=request, count=response.hits.total.value, hits=hits, facets=self.facets(response))

    @staticmethod
    def facets(response):
        def buckets(name):
            return response.aggregations.to_dict().get(name, {}).get("values", {}).get("buckets", [])

        def labelled(items):
            out = []
            for bucket in items:
                value, _, label = str(bucket["key"]).partition("\t")
                out.append({"value": value, "label": label or value, "count": int(bucket["doc_count"])})
            return out

        return {
            "campaign": labelled(buckets("campaign")),
            "year": [
                {"value": str(int(b["key"])), "label": str(int(b["key"])), "count": int(b["doc_count"])}
                for b in buckets("year")
            ],
            "tag": labelled(buckets("tag")),
        }

    def suggest(self, text, limit=8):
        search = build_suggest(text, limit, index=self.alias)
        if search is None:
            return []
        response = self._execute(search)
        if response is None:
            return []
        ids = [int(hit.meta.id) for hit in response.hits]
        rows = {
            row["page_id"]: row
            for row in SearchDocument.objects.filter(page_id__in=ids).values("page_id", "title", "url")
        }
        seen, found = set(), []
        for pk in ids:
            row = rows.get(pk)
            if row is None or normalise(row["title"]) in seen:
                continue
            seen.add(normalise(row["title"]))
            found.append({"title": row["title"], "url": row["url"]})
            if len(found) == limit:
                break
        return found
