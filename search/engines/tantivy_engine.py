"""The embedded engine: a tantivy index on disk, shared by every process of the site.

tantivy (a Lucene-class engine in Rust) keeps its segments memory-mapped, so
four workers reading one index share it through the page cache instead of each
holding a copy. Layout under ``SEARCH_INDEX_DIR/<database digest>/``::

    generations/<name>/   one complete tantivy index each
    current               symlink to the generation being served
    *.lock                write locks (``search.locks``)

Writes (outbox drains, a rebuild's catch-up) hold the write lock, so one writer
at a time; tantivy's own writer lock backs that up. A rebuild fills a new
generation beside the live one and switches ``current`` with one ``rename``:
a request sees the old index or the new one, never a half-built one, and a
rebuild killed with ``kill -9`` leaves ``current`` where it was. Readers notice
commits through tantivy's reload-on-commit and a switch by re-reading the link.

Ranking (the same rules as the Elasticsearch engine): every query word must
match in some field, else (decided after the filters) any word; fields weigh
title > sapo > tags > byline > body; adjacent query words found adjacent
(phrase queries) add weight; the reader's own diacritics add weight through
unfolded ``*_exact`` fields; equal scores go newest first.
"""

import contextlib
import hashlib
import logging
import os
import shutil
import threading
import time
import unicodedata
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from tantivy import Document, Filter, Index, Occur, Order, Query, SchemaBuilder, TextAnalyzerBuilder, Tokenizer

from .. import locks
from ..models import SearchDocument
from ..text import highlight, normalise
from .base import RebuildRunning, SearchEngine, SearchHit, SearchResults
from .ranking import EXACT_FACTOR, FIELD_BOOSTS, PHRASE_FACTOR, WHOLE_PHRASE_FACTOR, WHOLE_PHRASE_TIER

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2
# Long fields also get a field of adjacent-syllable pairs ("thi_dua"): the whole-phrase test
# on 100,000 bodies becomes a few posting lists instead of a positional scan (20 ms → ~1 ms
# for "thi đua"), and a pair's own document frequency weighs it.
PAIRED_FIELDS = ("sapo", "body")
# Fields whose unfolded form is kept for the reader's-own-diacritics bonus (not the body:
# its evidence is weak next to the title's, and it would double the body's indexing).
EXACT_FIELDS = ("title", "sapo", "tags", "byline")
TEXT_FIELDS = tuple(FIELD_BOOSTS)
MAX_TERMS = 24
TIE_SLACK = 50  # extra hits fetched so equal scores can be ordered newest first
CHECK_INTERVAL = 0.5  # seconds between looks at which generation is current
SMALL_INDEX = 5000  # documents a request may index itself when no index exists yet


def compatible(generation):
    """Whether a generation was built with this code's schema (an upgrade needs a rebuild)."""
    return f"-v{SCHEMA_VERSION}-" in generation


def _analyzer(fold):
    builder = TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(64)).filter(Filter.lowercase())
    if fold:
        builder = builder.filter(Filter.ascii_fold())  # folds đ → d as well as the accents
    return builder.build()


FOLDED = _analyzer(fold=True)
EXACT = _analyzer(fold=False)
PAIRS = TextAnalyzerBuilder(Tokenizer.whitespace()).build()


def pair_terms(tokens):
    return [f"{first}_{second}" for first, second in zip(tokens, tokens[1:], strict=False)]


def build_schema():
    builder = SchemaBuilder()
    builder.add_integer_field("page_id", stored=True, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=name == "title", tokenizer_name="vi_folded", index_option="position")
        if name in EXACT_FIELDS:
            builder.add_text_field(f"{name}_exact", tokenizer_name="vi_exact", index_option="freq")
        if name in PAIRED_FIELDS:
            builder.add_text_field(f"{name}_pairs", tokenizer_name="vi_pairs", index_option="freq")
    builder.add_text_field("url", stored=True, tokenizer_name="raw")
    builder.add_integer_field("campaign_id", indexed=True, fast=True)
    builder.add_text_field("campaign_slug", tokenizer_name="raw")
    builder.add_text_field("campaign_facet", fast=True, tokenizer_name="raw")
    builder.add_text_field("tag_slugs", tokenizer_name="raw")
    builder.add_text_field("tag_facet", fast=True, tokenizer_name="raw")
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("published", stored=True, indexed=True, fast=True)
    return builder.build()


SCHEMA = build_schema()


def _register(index):
    index.register_tokenizer("vi_folded", FOLDED)
    index.register_tokenizer("vi_exact", EXACT)
    index.register_tokenizer("vi_pairs", PAIRS)
    return index


def analyse(text, fold=True, limit=MAX_TERMS):
    """The query's terms exactly as the index analysed the documents' text."""
    return (FOLDED if fold else EXACT).analyze(normalise(text or ""))[:limit]


def to_document(row):
    document = Document()
    document.add_integer("page_id", row["page_id"])
    for name in TEXT_FIELDS:
        text = unicodedata.normalize("NFC", row[name] or "")
        if text:
            document.add_text(name, text)
            if name in EXACT_FIELDS:
                document.add_text(f"{name}_exact", text)
            if name in PAIRED_FIELDS:
                document.add_text(f"{name}_pairs", " ".join(pair_terms(FOLDED.analyze(text.lower()))))
    document.add_text("url", row["url"])
    if row["campaign_id"]:
        document.add_integer("campaign_id", row["campaign_id"])
        document.add_text("campaign_slug", row["campaign_slug"])
        document.add_text("campaign_facet", f"{row['campaign_id']}\t{row['campaign_title']}")
    for slug, label in zip(row["tag_slugs"].splitlines(), row["tags"].splitlines(), strict=False):
        document.add_text("tag_slugs", slug)
        document.add_text("tag_facet", f"{slug}\t{label}")
    published = row["published_at"]
    document.add_integer("year", timezone.localtime(published).year)
    document.add_integer("published", int(published.timestamp()))
    return document


def _term(field, value, boost):
    return Query.boost_query(Query.term_query(SCHEMA, field, value), boost)


def _phrase(field, terms, boost):
    return Query.boost_query(Query.phrase_query(SCHEMA, field, terms), boost)


def _any(queries):
    return Query.boolean_query([(Occur.Should, query) for query in queries])


def word_query(term):
    """One folded word, found in any field, scored by the field it is found in."""
    return _any([_term(field, term, boost) for field, boost in FIELD_BOOSTS.items()])


def whole_phrase(field, folded):
    """The whole query in order in ``field``: positions in short fields, pair terms in long ones."""
    if field in PAIRED_FIELDS:
        return Query.boolean_query(
            [(Occur.Must, Query.term_query(SCHEMA, f"{field}_pairs", pair)) for pair in pair_terms(folded)]
        )
    return Query.phrase_query(SCHEMA, field, folded)


def bonus_queries(folded, exact):
    """Extra weight for the whole query in order, adjacent pairs and the reader's own diacritics."""
    bonuses = []
    marked = []
    if len(exact) == len(folded):  # aligned unless a token was too long in one form only
        marked = [word for word, plain in zip(exact, folded, strict=True) if word != plain]
    if len(folded) > 1:
        # The best field's constant puts the story in the tier (WHOLE_PHRASE_TIER) and
        # orders it inside (title > sapo > … > body).
        bonuses.append(
            Query.disjunction_max_query(
                [
                    Query.const_score_query(
                        whole_phrase(field, folded), WHOLE_PHRASE_TIER + boost * WHOLE_PHRASE_FACTOR
                    )
                    for field, boost in FIELD_BOOSTS.items()
                ]
            )
        )
    if len(folded) > 2:  # adjacent pairs of a longer query, where they weigh most
        pairs = list(dict.fromkeys(zip(folded, folded[1:], strict=False)))
        bonuses.extend(_phrase("title", list(pair), FIELD_BOOSTS["title"] * PHRASE_FACTOR) for pair in pairs)
        bonuses.extend(
            _term("sapo_pairs", term, FIELD_BOOSTS["sapo"] * PHRASE_FACTOR)
            for term in dict.fromkeys(pair_terms(folded))
        )
    for field in EXACT_FIELDS:
        boost = FIELD_BOOSTS[field] * EXACT_FACTOR
        bonuses.extend(_term(f"{field}_exact", word, boost) for word in dict.fromkeys(marked))
    return bonuses


def filter_queries(request):
    filters = {}
    if request.campaign:
        if request.campaign_id is not None:
            filters["campaign"] = Query.term_query(SCHEMA, "campaign_id", request.campaign_id)
        else:
            filters["campaign"] = Query.term_query(SCHEMA, "campaign_slug", request.campaign)
    if request.year:
        filters["year"] = Query.term_query(SCHEMA, "year", request.year)
    if request.tag:
        filters["tag"] = Query.term_query(SCHEMA, "tag_slugs", request.tag)
    return filters


def _matching(words, filters, all_words):
    """Which documents match (no scoring bonuses): the words, then every filter."""
    clauses = []
    if words:
        if all_words:
            clauses.extend((Occur.Must, word_query(term)) for term in words)
        else:
            clauses.append((Occur.Must, _any([word_query(term) for term in words])))
    clauses.extend((Occur.Must, Query.const_score_query(query, 0.0)) for query in filters)
    if not clauses:
        return Query.all_query()
    return Query.boolean_query(clauses)


class TantivyEngine(SearchEngine):
    name = "tantivy"

    def __init__(self, directory=None):
        base = Path(directory or settings.SEARCH_INDEX_DIR)
        database = settings.DATABASES["default"]
        identity = f"{database['ENGINE']}|{database.get('HOST', '')}|{database.get('PORT', '')}|{database['NAME']}"
        self.root = base / hashlib.sha1(identity.encode()).hexdigest()[:12]
        self._guard = threading.Lock()
        self.reset()

    # --- where the index is --------------------------------------------------
    @property
    def generations(self):
        return self.root / "generations"

    @property
    def link(self):
        return self.root / "current"

    def current_generation(self):
        try:
            return Path(os.readlink(self.link)).name
        except (FileNotFoundError, OSError):
            return None

    def reset(self):
        self._index = None
        self._generation = None
        self._checked = 0.0

    def write_lock(self, timeout=10.0):
        self.root.mkdir(parents=True, exist_ok=True)
        return locks.exclusive(f"search-{self.name}", timeout, directory=self.root)

    def _open(self):
        """The index of the current generation, reopened when a rebuild switched it."""
        with self._guard:
            now = time.monotonic()
            if self._index is not None and now - self._checked < CHECK_INTERVAL:
                return self._index
            self._checked = now
            generation = self.current_generation()
            if generation is None or not compatible(generation):
                self._index, self._generation = None, None
            elif generation != self._generation:
                index = _register(Index.open(str(self.generations / generation)))
                index.config_reader(reload_policy="OnCommit")
                self._index, self._generation = index, generation
            index = self._index
        if index is None:
            index = self._create_missing()
        return index

    def _create_missing(self):
        """No index yet (a fresh site): a small archive is indexed on the spot, a large one
        waits for ``search_index rebuild`` and answers nothing meanwhile (logged)."""
        if SearchDocument.objects.count() > SMALL_INDEX:
            logger.error(
                "Chưa có chỉ mục tìm kiếm tantivy hợp phiên bản tại %s: chạy `manage.py search_index rebuild`",
                self.root,
            )
            return None
        try:
            self.rebuild()
        except RebuildRunning:
            # Another worker (or thread) got there first: wait for its switch, briefly.
            deadline = time.monotonic() + 30
            while not compatible(self.current_generation() or "") and time.monotonic() < deadline:
                time.sleep(0.05)
        with self._guard:
            self._checked = 0.0
        return self._open() if compatible(self.current_generation() or "") else None

    def searcher(self):
        index = self._open()
        return None if index is None else index.searcher()

    # --- writing -----------------------------------------------------------------
    @contextlib.contextmanager
    def _writer(self, index, heap=20_000_000, threads=1):
        writer = index.writer(heap_size=heap, num_threads=threads)
        try:
            yield writer
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()  # lets go of tantivy's lock file too

    def _write(self, index, saved_ids, removed_ids):
        from ..documents import document_rows

        with self._writer(index) as writer:
            for pk in list(saved_ids) + list(removed_ids):
                writer.delete_documents_by_term("page_id", pk)
            for row in document_rows(saved_ids):
                writer.add_document(to_document(row))

    def apply(self, saved_ids, removed_ids):
        """Push recomputed documents (the caller holds ``write_lock``)."""
        generation = self.current_generation()
        if generation is None or not compatible(generation):
            return  # no usable index yet: the rebuild it needs reads every document anyway
        index = _register(Index.open(str(self.generations / generation)))
        self._write(index, saved_ids, removed_ids)
        with self._guard:
            if self._index is not None and self._generation == generation:
                self._index.reload()  # this process sees its own write at once; others within a second

    def rebuild(self, progress=None):
        """A new generation beside the live one, filled, caught up, then switched in one rename."""
        self.root.mkdir(parents=True, exist_ok=True)
        guard = locks.exclusive(f"search-{self.name}-rebuild", timeout=0, directory=self.root)
        try:
            guard.__enter__()
        except locks.LockTimeout:
            raise RebuildRunning("Một lần lập lại chỉ mục khác đang chạy; hãy đợi nó xong.") from None
        # Only the rebuild lock means "another rebuild": a write lock held too long inside
        # is a different failure and keeps its own error.
        try:
            return self._rebuild(progress)
        finally:
            guard.__exit__(None, None, None)

    def _rebuild(self, progress):
        from .. import outbox
        from ..documents import document_rows

        started = timezone.now()
        self.generations.mkdir(parents=True, exist_ok=True)
        name = f"{started:%Y%m%dT%H%M%S}-v{SCHEMA_VERSION}-{uuid.uuid4().hex[:8]}"
        path = self.generations / name
        path.mkdir()
        index = _register(Index(SCHEMA, path=str(path)))
        total = 0
        heap = getattr(settings, "SEARCH_INDEX_HEAP", 256_000_000)
        threads = max(1, min(2, os.cpu_count() or 1, heap // 16_000_000))  # tantivy: ≥ 15 MB per thread
        with self._writer(index, heap=heap, threads=threads) as writer:
            for row in document_rows():
                writer.add_document(to_document(row))
                total += 1
                if progress and total % 1000 == 0:
                    progress(1000)
        with self.write_lock(timeout=120):
            # What changed while this generation was filled (drains went to the old one).
            replay = outbox.changed_since(started)
            if replay:
                present = set(SearchDocument.objects.filter(page_id__in=replay).values_list("page_id", flat=True))
                self._write(index, present, replay - present)
            previous = self.current_generation()
            temporary = self.root / f".current-{uuid.uuid4().hex}"
            os.symlink(Path("generations") / name, temporary)
            os.replace(temporary, self.link)
        if progress:
            progress(total % 1000)
        with self._guard:
            self._checked = 0.0
        self._collect(keep={name, previous})
        outbox.drain(self)  # pending changes the replay only saw in their old state
        return total

    def _collect(self, keep):
        """Drop every generation but the live one and the one before it, including what a
        killed rebuild left behind (only one rebuild runs at a time, so none is in progress)."""
        for path in self.generations.iterdir():
            if path.is_dir() and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    # --- reading ----------------------------------------------------------------
    def search(self, request):
        searcher = self.searcher()
        if searcher is None:
            return SearchResults(request=request, count=0)
        folded = list(dict.fromkeys(analyse(request.text)))
        ordered = analyse(request.text)
        exact = analyse(request.text, fold=False)
        filters = filter_queries(request)
        # One pass for the facets gives the count too (every story has one year), so the
        # "every word, else any word" choice costs nothing extra and is made after the filters.
        all_words = True
        facets, count = self._facets(searcher, request, folded, filters, all_words)
        if count == 0 and len(folded) > 1:
            all_words = False
            facets, count = self._facets(searcher, request, folded, filters, all_words)
        matching = _matching(folded, filters.values(), all_words)
        hits = self._ranked(searcher, request, matching, ordered, exact, folded) if count > request.offset else []
        return SearchResults(request=request, count=count, hits=self._hydrate(searcher, hits, folded), facets=facets)

    def _ranked(self, searcher, request, matching, ordered, exact, folded):
        wanted = request.offset + request.per_page
        if request.sort == "newest" or not folded:
            result = searcher.search(
                matching,
                limit=request.per_page,
                offset=request.offset,
                count=False,
                order_by_field="published",
                order=Order.Desc,
            )
            return [address for _, address in result.hits]
        bonuses = bonus_queries(ordered, exact) if len(ordered) > 1 or ordered != exact else []
        query = Query.boolean_query([(Occur.Must, matching)] + [(Occur.Should, bonus) for bonus in bonuses])
        result = searcher.search(query, limit=wanted + TIE_SLACK, count=False)
        addresses = [address for _, address in result.hits]
        published = searcher.fast_field_values("published", addresses) if addresses else []
        ranked = sorted(zip(result.hits, published, strict=True), key=lambda item: (-round(item[0][0], 4), -item[1]))
        return [address for (_, address), _ in ranked[request.offset : wanted]]

    def _facets(self, searcher, request, folded, filters, all_words):
        """Facet counts (each without its own filter) and the number of matching stories."""
        aggregations = {
            "campaign": {"terms": {"field": "campaign_facet", "size": 20}},
            "year": {"terms": {"field": "year", "size": 1000, "order": {"_key": "desc"}}},
            "tag": {"terms": {"field": "tag_facet", "size": 15}},
        }
        buckets = {}
        # A facet counts with every filter but its own, so the other choices stay visible;
        # facets whose "other filters" are the same share one pass over the matches.
        groups = {}
        for name in aggregations:
            others = tuple(sorted(other for other in filters if other != name))
            groups.setdefault(others, []).append(name)
        for others, names in groups.items():
            query = _matching(folded, [filters[other] for other in others], all_words)
            answer = searcher.aggregate(query, {name: aggregations[name] for name in names})
            for name in names:
                buckets[name] = answer.get(name, {}).get("buckets", [])

        def labelled(items):
            out = []
            for bucket in items:
                value, _, label = str(bucket["key"]).partition("\t")
                out.append({"value": value, "label": label or value, "count": int(bucket["doc_count"])})
            return out

        years = [(int(bucket["key"]), int(bucket["doc_count"])) for bucket in buckets["year"]]
        by_year = dict(years)
        count = by_year.get(request.year, 0) if request.year else sum(by_year.values())
        facets = {
            "campaign": labelled(buckets["campaign"]),
            "year": [{"value": str(year), "label": str(year), "count": n} for year, n in years],
            "tag": labelled(buckets["tag"]),
        }
        return facets, count

    def _hydrate(self, searcher, addresses, folded):
        """Results as readers see them, from the document table (one query for the page)."""
        if not addresses:
            return []
        ids = [int(pk) for pk in searcher.fast_field_values("page_id", addresses)]
        found = SearchDocument.objects.filter(page_id__in=ids).values(
            "page_id", "title", "sapo", "body", "url", "published_at", "campaign_title"
        )
        rows = {row["page_id"]: row for row in found}
        terms = set(folded)
        hits = []
        for row in (rows[pk] for pk in ids if pk in rows):
            sapo_matches = bool(terms & set(analyse(row["sapo"], limit=10_000)))
            source = row["sapo"] if sapo_matches or not row["body"] else row["body"]
            hits.append(
                SearchHit(
                    page_id=row["page_id"],
                    title=row["title"],
                    url=row["url"],
                    snippet=highlight(source or row["sapo"], terms),
                    published_at=row["published_at"],
                    campaign=row["campaign_title"],
                )
            )
        return hits

    def suggest(self, text, limit=8):
        searcher = self.searcher()
        folded = analyse(text)
        if searcher is None or not folded:
            return []
        complete, prefix = folded[:-1], folded[-1]
        clauses = [(Occur.Must, Query.term_query(SCHEMA, "title", term)) for term in complete]
        clauses.append((Occur.Must, Query.regex_query(SCHEMA, "title", _regex_prefix(prefix))))
        result = searcher.search(
            Query.boolean_query(clauses), limit=limit * 3, order_by_field="published", order=Order.Desc
        )
        seen, found = set(), []
        for _, address in result.hits:
            document = searcher.doc(address)
            title, url = document.get_first("title"), document.get_first("url")
            if normalise(title) in seen:
                continue
            seen.add(normalise(title))
            found.append({"title": title, "url": url})
            if len(found) == limit:
                break
        return found


def _regex_prefix(prefix):
    """A prefix as a tantivy regex; analysed terms are letters and digits, anything else is escaped."""
    return "".join(ch if ch.isalnum() else f"\\x{{{ord(ch):x}}}" for ch in prefix) + ".*"
