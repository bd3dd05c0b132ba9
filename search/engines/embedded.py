"""The embedded engine: an in-memory inverted index over ``SearchDocument`` rows.

No server: every web process holds the index in NumPy arrays, built from the
database on first use and kept current from ``updated_at`` and removals, so it
behaves the same on SQLite and PostgreSQL.

Ranking. Each posting carries a pre-weighted score for one document: field
weight (title > sapo > tags > byline > body) times a saturated term frequency.
Queries add, per term, ``idf × weight`` with NumPy fancy indexing, so a
syllable found in every article ("thi đua") costs one vectorised pass, not a
ranking of rows in SQL. Folded bigrams reward whole phrases and adjacency;
exact (accented) terms reward the reader's own diacritics; documents holding
every query word come first; recency only breaks ties.
"""

import contextlib
import datetime as dt
import hashlib
import logging
import math
import os
import pickle
import tempfile
import threading
import time
from array import array
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils import timezone

from ..models import DOCUMENT_FIELDS, SearchDocument, SearchRemoval
from ..text import FOLD, fold, highlight, normalise, tokens
from .base import SearchEngine, SearchHit, SearchResults

logger = logging.getLogger(__name__)

FIELD_WEIGHTS = (("title", 8.0), ("sapo", 4.0), ("tags", 3.0), ("byline", 2.0), ("body", 1.0))
PHRASE_FACTOR = 1.5
EXACT_FACTOR = 0.5
SNAPSHOT_FORMAT = 1
SYNC_INTERVAL = 1.0  # seconds between checks for changes made by other processes
SYNC_MARGIN = dt.timedelta(seconds=10)  # re-read recent rows: commits can land after their timestamp


def _saturate(count):
    return count * 2.2 / (count + 1.2)


def _bigram(a, b):
    return f"{a} {b}"


class Segment:
    """An immutable index over a list of document rows."""

    def __init__(self, rows):
        n = len(rows)
        self.size = n
        self.page_ids = np.fromiter((row["page_id"] for row in rows), dtype=np.int64, count=n)
        self.position = {int(pk): i for i, pk in enumerate(self.page_ids)}
        self.published = np.fromiter((row["published_at"].timestamp() for row in rows), dtype=np.float64, count=n)
        self.year = np.fromiter((timezone.localtime(row["published_at"]).year for row in rows), dtype=np.int32, count=n)
        self.campaign = np.fromiter((row["campaign_id"] or -1 for row in rows), dtype=np.int64, count=n)
        self.campaign_labels = {}
        self.campaign_slugs = {}
        self.titles = [row["title"] for row in rows]
        self.urls = [row["url"] for row in rows]
        tag_ids, pair_doc, pair_tag = {}, array("i"), array("i")
        self.tag_labels = []
        postings = defaultdict(lambda: (array("i"), array("f")))
        title_terms = defaultdict(lambda: array("i"))
        for i, row in enumerate(rows):
            if row["campaign_id"]:
                self.campaign_labels[row["campaign_id"]] = row["campaign_title"]
                self.campaign_slugs[row["campaign_slug"]] = row["campaign_id"]
            for slug, label in zip(row["tag_slugs"].splitlines(), row["tags"].splitlines(), strict=False):
                if slug not in tag_ids:
                    tag_ids[slug] = len(tag_ids)
                    self.tag_labels.append((slug, label))
                pair_doc.append(i)
                pair_tag.append(tag_ids[slug])
            weights = defaultdict(float)
            for name, weight in FIELD_WEIGHTS:
                words = tokens(row[name])
                if not words:
                    continue
                folded = [word.translate(FOLD) for word in words]
                for term, count in Counter(folded).items():
                    weights[term] += weight * _saturate(count)
                for term, count in Counter(map(_bigram, folded, folded[1:])).items():
                    weights[term] += weight * PHRASE_FACTOR * _saturate(count)
                exact = [word for word, plain in zip(words, folded, strict=True) if word != plain]
                for term, count in Counter(exact).items():
                    weights["=" + term] += weight * EXACT_FACTOR * _saturate(count)
                exact_pairs = [
                    _bigram(a, b)
                    for a, b, fa, fb in zip(words, words[1:], folded, folded[1:], strict=False)
                    if a != fa or b != fb
                ]
                for term, count in Counter(exact_pairs).items():
                    weights["=" + term] += weight * EXACT_FACTOR * PHRASE_FACTOR * _saturate(count)
                if name == "title":
                    for term in set(folded):
                        title_terms[term].append(i)
            for term, value in weights.items():
                docs, values = postings[term]
                docs.append(i)
                values.append(value)
        self.postings = {
            term: (np.frombuffer(docs, dtype=np.int32), np.frombuffer(values, dtype=np.float32))
            for term, (docs, values) in postings.items()
        }
        self.title_terms = {term: np.frombuffer(docs, dtype=np.int32) for term, docs in title_terms.items()}
        self.title_vocab = sorted(self.title_terms)
        self.tag_ids = tag_ids
        self.pair_doc = np.frombuffer(pair_doc, dtype=np.int32)
        self.pair_tag = np.frombuffer(pair_tag, dtype=np.int32)
        self.alive = np.ones(n, dtype=bool)

    def df(self, term):
        entry = self.postings.get(term)
        return 0 if entry is None else int(self.alive[entry[0]].sum()) if not self.alive.all() else len(entry[0])

    def has_tag(self, slug):
        mask = np.zeros(self.size, dtype=bool)
        tag = self.tag_ids.get(slug)
        if tag is not None:
            mask[self.pair_doc[self.pair_tag == tag]] = True
        return mask


class EmbeddedEngine(SearchEngine):
    name = "embedded"

    def __init__(self):
        self._lock = threading.RLock()
        self.reset()

    def reset(self):
        self.main = None
        self.delta = None
        self.delta_ids = set()
        self.synced_at = None
        self.last_check = 0.0
        self._seen_changes = set()
        self._seen_removals = set()
        self._delta_dirty = False

    # --- keeping the index current ------------------------------------------
    def _rows(self, queryset):
        return list(queryset.order_by("-published_at", "-page_id").values(*DOCUMENT_FIELDS))

    def _load(self):
        snapshot = self._read_snapshot()
        if snapshot is not None:
            self.main, self.synced_at = snapshot
            self.delta = Segment([])
            self.delta_ids = set()
            self._sync()  # whatever changed since the snapshot was written
            return
        started = timezone.now()
        self.main = Segment(self._rows(SearchDocument.objects.all()))
        self.delta = Segment([])
        self.delta_ids = set()
        self.synced_at = started
        self.last_check = time.monotonic()
        self._write_snapshot()

    # --- on-disk snapshot -------------------------------------------------------
    def _snapshot_path(self):
        directory = getattr(settings, "SEARCH_INDEX_DIR", None)
        if not directory:
            return None
        database = settings.DATABASES["default"]
        identity = f"{database['ENGINE']}|{database.get('HOST', '')}|{database.get('PORT', '')}|{database['NAME']}"
        digest = hashlib.sha1(identity.encode()).hexdigest()[:12]
        return Path(directory) / f"embedded-{SNAPSHOT_FORMAT}-{digest}.pickle"

    def _read_snapshot(self):
        path = self._snapshot_path()
        if path is None or not path.exists():
            return None
        try:
            with path.open("rb") as handle:
                data = pickle.load(handle)
            if data.get("format") != SNAPSHOT_FORMAT:
                return None
            return data["segment"], data["synced_at"]
        except Exception:  # noqa: BLE001 - a damaged or foreign file only means "build from the database"
            logger.warning("Search snapshot %s unreadable; rebuilding from the database", path, exc_info=True)
            return None

    def _write_snapshot(self):
        path = self._snapshot_path()
        if path is None:
            return
        data = {"format": SNAPSHOT_FORMAT, "segment": self.main, "synced_at": self.synced_at}
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # A file of its own per writer (processes and threads), renamed into place in one
            # step: readers see the old snapshot or the new one, never a half-written file.
            with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=path.name, suffix=".tmp", delete=False) as f:
                temporary = f.name
                pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError:
            # The snapshot only speeds up the next start; failing to write it must not fail a search.
            logger.warning("Could not write the search snapshot %s", path, exc_info=True)
            if temporary:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)

    def _sync(self):
        started = timezone.now()
        since = self.synced_at - SYNC_MARGIN
        changed = set(SearchDocument.objects.filter(updated_at__gte=since).values_list("page_id", "updated_at"))
        removed = set(SearchRemoval.objects.filter(removed_at__gte=since).values_list("page_id", "removed_at"))
        fresh_changed = {pk for pk, _ in changed - self._seen_changes}
        fresh_removed = {pk for pk, _ in removed - self._seen_removals}
        self._seen_changes, self._seen_removals = changed, removed
        self.synced_at = started
        self.last_check = time.monotonic()
        if fresh_changed or fresh_removed:
            self._apply(fresh_changed, fresh_removed)

    def _apply(self, changed, removed):
        """Hide old versions in the main segment; rebuild the small delta segment."""
        for pk in changed | removed:
            position = self.main.position.get(pk)
            if position is not None:
                self.main.alive[position] = False
        self.delta_ids |= changed
        self.delta_ids -= removed - changed
        self._delta_dirty = True  # rebuilt on the next query: a bulk import changes many at once

    def _rebuild_delta(self):
        self.delta = Segment(self._rows(SearchDocument.objects.filter(page_id__in=self.delta_ids)))
        self._delta_dirty = False

    def _ready(self):
        with self._lock:
            if self.main is None:
                self._load()
            elif time.monotonic() - self.last_check > SYNC_INTERVAL:
                self._sync()
            if self._delta_dirty:
                self._rebuild_delta()
            return [self.main, self.delta]

    def documents_changed(self, saved_ids, removed_ids):
        with self._lock:
            if self.main is not None:
                self._apply(set(saved_ids), set(removed_ids))

    def rebuild(self, progress=None):
        from ..documents import rebuild_documents

        total = rebuild_documents(progress=progress)
        with self._lock:
            path = self._snapshot_path()
            if path is not None:
                path.unlink(missing_ok=True)
            self._load()
        return total

    # --- querying --------------------------------------------------------------
    def _terms(self, words):
        folded = [fold(word) for word in words]
        unigrams = list(dict.fromkeys(folded))
        bigrams = list(dict.fromkeys(map(_bigram, folded, folded[1:])))
        exact = ["=" + word for word in dict.fromkeys(words) if word != fold(word)] + [
            "=" + _bigram(a, b) for a, b in zip(words, words[1:], strict=False) if a != fold(a) or b != fold(b)
        ]
        return unigrams, bigrams, exact

    def _score(self, segment, unigrams, extras, idf):
        score = np.zeros(segment.size, dtype=np.float32)
        hits = np.zeros(segment.size, dtype=np.int16)
        for term in unigrams:
            entry = segment.postings.get(term)
            if entry is not None:
                docs, weights = entry
                score[docs] += idf[term] * weights
                hits[docs] += 1
        for term in extras:
            entry = segment.postings.get(term)
            if entry is not None:
                docs, weights = entry
                score[docs] += idf[term] * weights
        return score, hits

    def _filters(self, segment, request):
        masks = {}
        if request.campaign:
            campaign_id = request.campaign_id
            if campaign_id is None:
                campaign_id = segment.campaign_slugs.get(request.campaign, -2)
            masks["campaign"] = segment.campaign == campaign_id
        if request.year:
            masks["year"] = segment.year == request.year
        if request.tag:
            masks["tag"] = segment.has_tag(request.tag)
        return masks

    def search(self, request):
        segments = self._ready()
        unigrams, bigrams, exact = self._terms(request.words)
        total_docs = sum(int(s.alive.sum()) for s in segments) or 1
        idf = {}
        for term in unigrams + bigrams + exact:
            df = sum(s.df(term) for s in segments)
            idf[term] = math.log(1 + (total_docs - df + 0.5) / (df + 0.5))
        scored = []
        for segment in segments:
            if not segment.size:
                continue
            if unigrams:
                score, hits = self._score(segment, unigrams, bigrams + exact, idf)
            else:
                score, hits = np.zeros(segment.size, dtype=np.float32), np.zeros(segment.size, dtype=np.int16)
            scored.append((segment, score, hits))
        if unigrams:
            # Every word, if any document has them all; otherwise any of them.
            need = len(unigrams)
            if not any(((hits == need) & segment.alive).any() for segment, _, hits in scored):
                need = 1
        else:
            need = 0
        keys, owners, facet_state = [], [], []
        for segment, score, hits in scored:
            base = segment.alive & (hits >= need)
            masks = self._filters(segment, request)
            matched = base.copy()
            for mask in masks.values():
                matched &= mask
            facet_state.append((segment, base, masks))
            index = np.nonzero(matched)[0]
            if request.sort == "newest" or not unigrams:
                key = segment.published[index]
            else:
                # Score first (rounded so equal relevance ties), then newer first.
                key = np.round(score[index].astype(np.float64), 3) * 1e10 + segment.published[index] / 1e3
            keys.append(key)
            owners.append((segment, index, score))
        count = sum(len(key) for key in keys)
        hits = self._page(request, keys, owners, count)
        facets = self._facets(facet_state)
        return SearchResults(request=request, count=count, hits=self._hydrate(hits, unigrams), facets=facets)

    def _page(self, request, keys, owners, count):
        wanted = request.offset + request.per_page
        if not count or request.offset >= count:
            return []
        all_keys = np.concatenate(keys)
        segment_of = np.concatenate([np.full(len(k), n, dtype=np.int32) for n, k in enumerate(keys)])
        local = np.concatenate([index for _, index, _ in owners])
        take = min(wanted, count)
        top = np.argpartition(-all_keys, take - 1)[:take] if take < count else np.arange(count)
        top = top[np.argsort(-all_keys[top], kind="stable")][request.offset : wanted]
        return [(owners[segment_of[i]][0], int(local[i])) for i in top]

    def _facets(self, facet_state):
        campaigns, years, tags = Counter(), Counter(), Counter()
        labels, tag_labels = {}, {}
        for segment, base, masks in facet_state:
            labels.update(segment.campaign_labels)

            def without(name, base=base, masks=masks):
                result = base.copy()
                for other, mask in masks.items():
                    if other != name:
                        result &= mask
                return result

            campaign_mask = without("campaign")
            values, counts = np.unique(segment.campaign[campaign_mask], return_counts=True)
            campaigns.update({int(v): int(c) for v, c in zip(values, counts, strict=True) if v > 0})
            values, counts = np.unique(segment.year[without("year")], return_counts=True)
            years.update({int(v): int(c) for v, c in zip(values, counts, strict=True)})
            tag_mask = without("tag")
            if len(segment.pair_doc):
                counted = np.bincount(segment.pair_tag[tag_mask[segment.pair_doc]], minlength=len(segment.tag_labels))
                for tag_index in np.nonzero(counted)[0]:
                    slug, label = segment.tag_labels[tag_index]
                    tags[slug] += int(counted[tag_index])
                    tag_labels[slug] = label
        return {
            "campaign": [
                {"value": str(pk), "label": labels.get(pk, ""), "count": n} for pk, n in campaigns.most_common(20)
            ],
            "year": [
                {"value": str(year), "label": str(year), "count": n} for year, n in sorted(years.items(), reverse=True)
            ],
            "tag": [{"value": slug, "label": tag_labels[slug], "count": n} for slug, n in tags.most_common(15)],
        }

    def _hydrate(self, hits, unigrams):
        if not hits:
            return []
        ids = [int(segment.page_ids[i]) for segment, i in hits]
        rows = {
            row["page_id"]: row
            for row in SearchDocument.objects.filter(page_id__in=ids).values(
                "page_id", "title", "sapo", "body", "url", "published_at", "campaign_title"
            )
        }
        terms = set(unigrams)
        results = []
        for pk in ids:
            row = rows.get(pk)
            if row is None:
                continue
            source = (
                row["sapo"] if any(fold(w) in terms for w in tokens(row["sapo"])) or not row["body"] else row["body"]
            )
            results.append(
                SearchHit(
                    page_id=pk,
                    title=row["title"],
                    url=row["url"],
                    snippet=highlight(source or row["sapo"], terms),
                    published_at=row["published_at"],
                    campaign=row["campaign_title"],
                )
            )
        return results

    def suggest(self, text, limit=8):
        words = tokens(text)
        if not words:
            return []
        segments = self._ready()
        folded = [fold(word) for word in words]
        complete, prefix = folded[:-1], folded[-1]
        found = []
        for segment in segments:
            if not segment.size:
                continue
            mask = segment.alive.copy()
            for term in complete:
                docs = segment.title_terms.get(term)
                term_mask = np.zeros(segment.size, dtype=bool)
                if docs is not None:
                    term_mask[docs] = True
                mask &= term_mask
            import bisect

            start = bisect.bisect_left(segment.title_vocab, prefix)
            prefix_mask = np.zeros(segment.size, dtype=bool)
            for term in segment.title_vocab[start:]:
                if not term.startswith(prefix):
                    break
                prefix_mask[segment.title_terms[term]] = True
            mask &= prefix_mask
            index = np.nonzero(mask)[0]
            newest = index[np.argsort(-segment.published[index], kind="stable")][:limit]
            found.extend((segment.published[i], segment.titles[i], segment.urls[i]) for i in newest)
        found.sort(key=lambda item: -item[0])
        seen, results = set(), []
        for _, title, url in found:
            if normalise(title) not in seen:
                seen.add(normalise(title))
                results.append({"title": title, "url": url})
            if len(results) == limit:
                break
        return results
