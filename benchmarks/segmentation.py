"""Word segmentation (pyvi, underthesea) against syllables + adjacent-syllable phrases (issue #11).

Not part of the site: the segmenters are not project dependencies. Run it with a
throw-away virtualenv holding the project's requirements and the segmenters
(docs/bench/segmentation.md has the exact commands and the figures)::

    python3 -m venv /tmp/segvenv
    /tmp/segvenv/bin/pip install -r requirements.txt underthesea==9.5.0 pyvi==0.1.1
    DJANGO_SETTINGS_MODULE=thidua_site.settings.test /tmp/segvenv/bin/python -m benchmarks.segmentation

Every variant runs the production engine's own search path (``TantivyEngine.search``:
every word must match, else any word; field weights; phrase, sequence and exact-accent
bonuses; newest first on ties) on an in-memory index; only the tokens change:

- ``syllables``: production as it is (tantivy ``simple`` tokenizer, folded and ``*_exact``
  fields, adjacent syllables rewarded by phrase queries).
- ``<seg>-words``: words from the segmenter are the tokens ("thi_đua"), in the folded
  and the exact fields; queries are segmented the same way. The ranking rules apply to
  words instead of syllables (adjacent *words* rewarded by phrase queries).
- ``<seg>-foldseg``: as ``words``, but the folded fields hold the segmentation of the
  text *without* diacritics, so an accent-free query is segmented like the text it must
  match (the only way word tokens can serve a reader who types "thi dua").
- ``<seg>-fallback``: syllables decide what matches (as production); word tokens in extra
  ``*_words`` fields replace the adjacent-syllable phrase bonus.
- ``<seg>-hybrid``: production plus the word-token bonus.

The corpus and the 22 cases are read from ``search/tests/conftest.py`` and
``search/tests/test_relevance.py`` (parsed, not imported: they need the test
factories), so the table follows the suite; the 4 rule tests are restated here.
Speed is measured on articles composed from the demo content (``news.demo.content``).
"""

import ast
import contextlib
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand

ROOT = Path(__file__).resolve().parent.parent
CONFTEST = ROOT / "search" / "tests" / "conftest.py"
RELEVANCE = ROOT / "search" / "tests" / "test_relevance.py"
PIECE = re.compile(r"[^\W_]+")  # what tantivy's simple tokenizer keeps: letters and digits
WATCHED = ("thi dua", "dang bo", "huan chuong lao dong hang nhat")  # accent-free queries the issue names


# --- segmenters -------------------------------------------------------------------
class Segmenter:
    """Words as lists of syllables, punctuation dropped. Lines (body blocks, tags) are
    segmented one by one: a word never spans two paragraphs or two tags."""

    name = "base"

    def words(self, text):
        out = []
        for line in (text or "").splitlines():
            if line.strip():
                for token in self.tokens(line):
                    pieces = PIECE.findall(token)
                    if pieces:
                        out.append(pieces)
        return out

    def tokens(self, line):
        raise NotImplementedError

    def join(self, text):
        """The text as the word analyzers read it: syllables of a word joined by "_"."""
        return " ".join("_".join(word) for word in self.words(text))


class Pyvi(Segmenter):
    name = "pyvi"

    def __init__(self):
        from pyvi import ViTokenizer

        self._tokenize = ViTokenizer.tokenize

    def tokens(self, line):
        return self._tokenize(line).split()


class Underthesea(Segmenter):
    name = "underthesea"

    def __init__(self):
        from underthesea import word_tokenize

        self._tokenize = word_tokenize

    def tokens(self, line):
        return self._tokenize(line)


SEGMENTERS = {"pyvi": (Pyvi, "pyvi"), "underthesea": (Underthesea, "underthesea")}


def load_segmenters(names):
    found, missing = [], []
    for name in names:
        cls, module = SEGMENTERS[name]
        try:
            found.append(cls())
        except ImportError as error:
            missing.append(f"{module}: {error}")
    return found, missing


# --- the relevance corpus, as plain document rows ----------------------------------
def _at(year, month=1, day=1):
    return dt.datetime(year, month, day, 3, 0, tzinfo=dt.UTC)


def corpus_rows(path=CONFTEST):
    """The ``corpus`` fixture's stories as ``SearchDocument`` rows (what ``document_fields``
    stores): body = paragraphs then the photo caption, one line each; tags one per line;
    byline the authors joined by ", ". Page ids follow the order of creation."""
    from core.text import slugify

    tree = ast.parse(path.read_text(encoding="utf-8"))
    fixture = next(node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name == "corpus")
    campaigns = {}
    for statement in fixture.body:
        call = getattr(statement, "value", None)
        factory = getattr(getattr(call, "func", None), "id", "")
        if isinstance(statement, ast.Assign) and factory == "CampaignPageFactory":
            fields = {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords if kw.arg in ("title", "slug")}
            campaigns[statement.targets[0].id] = {"id": len(campaigns) + 1, **fields}

    def value(node):
        if isinstance(node, ast.Name):
            return campaigns[node.id]
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "at":
            return _at(*[ast.literal_eval(arg) for arg in node.args])
        return ast.literal_eval(node)

    rows, keys = [], {}
    for node in ast.walk(fixture):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "add":
            key, campaign, title, published = (value(arg) for arg in node.args)
            extra = {kw.arg: value(kw.value) for kw in node.keywords}
            body = list(extra.get("body", ()))
            if extra.get("photo_caption"):
                body.append(extra["photo_caption"])
            tags = list(extra.get("tags", ()))
            page_id = len(rows) + 1
            keys[page_id] = key
            rows.append(
                {
                    "page_id": page_id,
                    "title": title,
                    "sapo": extra.get("sapo", ""),
                    "body": "\n".join(body),
                    "tags": "\n".join(tags),
                    "tag_slugs": "\n".join(slugify(tag) for tag in tags),
                    "byline": ", ".join(extra.get("authors", ())),
                    "campaign_id": campaign["id"],
                    "campaign_title": campaign["title"],
                    "campaign_slug": campaign["slug"],
                    "url": f"/phong-trao/{campaign['slug']}/{slugify(title)}/",
                    "published_at": published,
                }
            )
    return rows, keys


# Segmentation's home ground, outside the suite: the query's syllables stand side by side
# in both titles, as one word in the older story and across two words in the newer one
# ("ban hành | chính sách"). Syllable phrases cannot tell them apart; words can, when the
# segmenter gets both texts right. Each query is tried with and without diacritics.
HOME_GROUND = [
    ("hành chính", "Xã đẩy mạnh cải cách hành chính", "Ban hành chính sách mới về khen thưởng"),
    ("sinh học", "Giáo viên dạy sinh học được khen thưởng", "Học sinh học tập tấm gương người tốt"),
    ("xã hội", "Xã hội hóa công tác khen thưởng", "Chủ tịch xã hội ý với cán bộ thôn"),
    ("nhà nước", "Nhà nước khen thưởng doanh nghiệp tiêu biểu", "Xây nhà nước sạch cho hộ nghèo"),
]


def home_ground_rows(first_id):
    rows = []
    for number, (_query, right, wrong) in enumerate(HOME_GROUND):
        for title, year, key in ((right, 2022, "right"), (wrong, 2024, "wrong")):
            rows.append(
                {
                    "page_id": first_id + len(rows),
                    "key": f"{number}-{key}",
                    "title": title,
                    "sapo": "",
                    "body": "",
                    "tags": "",
                    "tag_slugs": "",
                    "byline": "",
                    "campaign_id": None,
                    "campaign_title": "",
                    "campaign_slug": "",
                    "url": f"/thu/{number}-{key}/",
                    "published_at": _at(year, 6),
                }
            )
    return rows


def relevance_cases(path=RELEVANCE):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "CASES":
            return ast.literal_eval(node.value)
    raise LookupError("CASES not found in test_relevance.py")


# --- demo articles for speed -------------------------------------------------------
def demo_articles(count, seed=2024):
    """Articles composed like ``news.demo.seed.DemoSeeder.compose`` (same templates and
    proportions), as document rows, without a database."""
    from news.demo import content

    places = ["Hà Nội", "Lào Cai", "Đà Nẵng", "Hà Giang", "Yên Bái", "Huế", "Cần Thơ", "Nghệ An"]
    authors = [name for name, _ in content.AUTHORS]
    rng = random.Random(seed)

    def fill(template, spec, year):
        bloc = spec["blocs"][0] if spec["blocs"] else content.BLOCS[0]["name"]
        return template.format(
            org=spec["org"],
            topic=spec["topic"],
            bloc=bloc,
            place=rng.choice(places),
            year=year,
            year_from=year - 5,
            count=rng.randint(12, 180),
            day=rng.randint(1, 28),
            month=rng.randint(1, 12),
        )

    rows = []
    for number in range(count):
        spec = content.CAMPAIGNS[number % len(content.CAMPAIGNS)]
        year = rng.randint(spec["start"][0], 2025)
        lines = []
        photos = rng.randint(1, 3)
        for position, text in enumerate(rng.sample(content.PARAGRAPHS, k=rng.randint(4, 7))):
            lines.append(fill(text, spec, year))
            if position in (0, 2, 4) and photos:
                photos -= 1
                lines.append(fill(rng.choice(content.CAPTIONS), spec, year))
            if position == 3 and rng.random() < 0.3:
                lines.append(" ".join(rng.choice(content.QUOTES)))
        tags = set(content.CAMPAIGN_TAGS[spec["slug"]][:2]) | set(rng.sample(content.TAGS, k=rng.randint(1, 3)))
        rows.append(
            {
                "page_id": number + 1,
                "title": fill(rng.choice(content.HEADLINES), spec, year),
                "sapo": fill(rng.choice(content.SAPOS), spec, year),
                "body": "\n".join(lines),
                "tags": "\n".join(sorted(tags)),
                "tag_slugs": "",
                "byline": ", ".join(rng.sample(authors, k=1 if rng.random() < 0.8 else 2)),
                "campaign_id": None,
                "campaign_title": "",
                "campaign_slug": "",
                "url": f"/bai/{number + 1}/",
                "published_at": _at(year, rng.randint(1, 12), rng.randint(1, 28)),
            }
        )
    return rows


def paragraphs_of(rows):
    """Every text block of the articles (title, sapo, each body line): what an index segments."""
    return [line for row in rows for field in ("title", "sapo", "body") for line in row[field].splitlines() if line]


# --- variants of the engine -------------------------------------------------------
def _word_analyzer(fold):
    from tantivy import Filter, TextAnalyzerBuilder, Tokenizer

    builder = TextAnalyzerBuilder(Tokenizer.whitespace()).filter(Filter.remove_long(64)).filter(Filter.lowercase())
    if fold:
        builder = builder.filter(Filter.ascii_fold())
    return builder.build()


class Variant:
    """One tokenisation plugged into the production engine (see the module docstring)."""

    MODES = ("syllables", "words", "foldseg", "fallback", "hybrid")

    def __init__(self, mode, segmenter=None, single_syllable_bonus=False, folded_word_bonus=False):
        from search.engines import tantivy_engine as engine

        assert mode in self.MODES
        self.mode, self.segmenter, self.engine = mode, segmenter, engine
        self.name = mode if segmenter is None else f"{segmenter.name}-{mode}"
        self.words_folded, self.words_exact = _word_analyzer(True), _word_analyzer(False)
        self.schema = self._schema() if mode in ("fallback", "hybrid") else engine.SCHEMA
        self.query_text = ""
        self.single_syllable_bonus = single_syllable_bonus
        self.folded_word_bonus = folded_word_bonus

    def _schema(self):
        """Production's ``build_schema`` itself, with the word fields added before it builds."""
        engine = self.engine
        production_builder = engine.SchemaBuilder

        class WithWordFields:
            def __init__(self):
                self.builder = production_builder()

            def __getattr__(self, name):
                return getattr(self.builder, name)

            def build(self):
                for name in engine.TEXT_FIELDS:
                    self.builder.add_text_field(f"{name}_words", tokenizer_name="vi_words", index_option="position")
                    self.builder.add_text_field(
                        f"{name}_words_exact", tokenizer_name="vi_words_exact", index_option="freq"
                    )
                return self.builder.build()

        engine.SchemaBuilder = WithWordFields
        try:
            return engine.build_schema()
        finally:
            engine.SchemaBuilder = production_builder

    # index side
    def register(self, index):
        if self.mode in ("words", "foldseg"):
            index.register_tokenizer("vi_folded", self.words_folded)
            index.register_tokenizer("vi_exact", self.words_exact)
        else:
            self.engine._register(index)
            index.register_tokenizer("vi_words", self.words_folded)
            index.register_tokenizer("vi_words_exact", self.words_exact)
        return index

    def document(self, row):
        from core.text import fold

        engine = self.engine
        if self.mode == "syllables":
            return engine.to_document(row)
        if self.mode in ("fallback", "hybrid"):
            document = engine.to_document(row)
            for name in engine.TEXT_FIELDS:
                if row[name]:
                    joined = self.segmenter.join(row[name])
                    document.add_text(f"{name}_words", joined)
                    document.add_text(f"{name}_words_exact", joined)
            return document
        document = engine.to_document({**row, **dict.fromkeys(engine.TEXT_FIELDS, "")})
        for name in engine.TEXT_FIELDS:
            if row[name]:
                exact = self.segmenter.join(row[name])
                folded = self.segmenter.join(fold(row[name])) if self.mode == "foldseg" else exact
                document.add_text(name, folded)
                document.add_text(f"{name}_exact", exact)
        return document

    # query side (patched into the engine module while the variant runs)
    def analyse(self, text, fold=True, limit=None):
        from core.text import fold as fold_text
        from core.text import normalise

        limit = limit or self.engine.MAX_TERMS
        if self.mode in ("syllables", "fallback", "hybrid"):
            return self.original_analyse(text, fold=fold, limit=limit)
        if self.mode == "foldseg" and fold:
            return self.words_folded.analyze(normalise(self.segmenter.join(fold_text(text))))[:limit]
        analyzer = self.words_folded if fold else self.words_exact
        return analyzer.analyze(normalise(self.segmenter.join(text)))[:limit]

    def word_bonuses(self):
        from core.text import normalise

        engine = self.engine
        joined = normalise(self.segmenter.join(self.query_text))
        folded, exact = self.words_folded.analyze(joined), self.words_exact.analyze(joined)
        pairs = list(dict.fromkeys(zip(folded, exact, strict=True)))
        if not self.single_syllable_bonus:
            # A one-syllable "word" says nothing about adjacency; rewarding it rewards the
            # texts where the syllable stands alone ("thi dua" typed without accents is
            # segmented "thi" "dua": the bonus would go to "thì dựa").
            pairs = [(plain, marked) for plain, marked in pairs if "_" in plain]
        bonuses = []
        for field, boost in engine.FIELD_BOOSTS.items():
            for plain, marked in pairs:
                # A word typed with diacritics is rewarded only as typed: folded, "Bảng khen"
                # would reward "Bằng khen" (a word) over "Bảng | khen thưởng" (two).
                if marked != plain and not self.folded_word_bonus:
                    bonuses.append(engine._term(f"{field}_words_exact", marked, boost * engine.PHRASE_FACTOR))
                else:
                    bonuses.append(engine._term(f"{field}_words", plain, boost * engine.PHRASE_FACTOR))
            if self.mode == "fallback" and len(folded) > 1 and len(self.original_analyse(self.query_text)) > 2:
                # production's whole-query phrase (over more than two syllables), over words
                bonuses.append(engine._phrase(f"{field}_words", folded, boost * engine.SEQUENCE_FACTOR))
        return bonuses

    def bonus_queries(self, folded, exact):
        engine = self.engine
        if self.mode == "fallback":
            # Production's bonuses less the adjacent-syllable phrases, which the words replace.
            bonuses = []
            marked = []
            if len(exact) == len(folded):
                marked = [word for word, plain in zip(exact, folded, strict=True) if word != plain]
            for field, boost in engine.FIELD_BOOSTS.items():
                bonuses.extend(
                    engine._term(f"{field}_exact", w, boost * engine.EXACT_FACTOR) for w in dict.fromkeys(marked)
                )
            return bonuses + self.word_bonuses()
        bonuses = self.original_bonus_queries(folded, exact)
        if self.mode == "hybrid":
            bonuses += self.word_bonuses()
        return bonuses

    @contextlib.contextmanager
    def active(self):
        engine = self.engine
        saved = engine.SCHEMA, engine.analyse, engine.bonus_queries
        self.original_analyse, self.original_bonus_queries = engine.analyse, engine.bonus_queries
        engine.SCHEMA, engine.analyse, engine.bonus_queries = self.schema, self.analyse, self.bonus_queries
        try:
            yield
        finally:
            engine.SCHEMA, engine.analyse, engine.bonus_queries = saved


def harness_class():
    """The production engine reading a given index; results are page ids (no database)."""
    from search.engines.tantivy_engine import TantivyEngine

    class Harness(TantivyEngine):
        def __init__(self, index):
            self._memory_index = index

        def searcher(self):
            return self._memory_index.searcher()

        def _hydrate(self, searcher, addresses, folded):
            return [int(pk) for pk in searcher.fast_field_values("page_id", addresses)] if addresses else []

        def _facets(self, searcher, folded, filters, all_words):
            return {}

    return Harness


def build_index(variant, rows, path=None):
    from tantivy import Index

    with variant.active():
        index = variant.register(Index(variant.schema, path=path))
        writer = index.writer(heap_size=50_000_000, num_threads=1)
        for row in rows:
            writer.add_document(variant.document(row))
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
    return index


class Runner:
    def __init__(self, variant, rows):
        self.variant, self.index = variant, build_index(variant, rows)
        self.engine = harness_class()(self.index)

    def found(self, query, **params):
        from search.engines.base import parse_request

        self.variant.query_text = query
        with self.variant.active():
            return self.engine.search(parse_request({"q": query, **params})).hits


def rule_tests(runner, ids, published):
    """The four rule tests of test_relevance.py, restated over page ids."""
    found = runner.found

    def collision():
        in_results = ids["thi_dua_collision"] in found("thi dua", sort="relevance")
        phrase_first = (found("thi đua cải cách") or [None])[0] == ids["thi_dua_title"]
        not_top = ids["thi_dua_collision"] not in found("thi đua")[:3]
        return in_results and phrase_first and not_top

    def every_word():
        hits = found("khoi thi dua 5")
        return ids["khoi_5"] in hits and ids["khoi_3"] not in hits

    def any_word():
        return (found("dak lak zzzyx") or [None])[0] == ids["dak_lak"]

    def newest():
        dates = [published[pk] for pk in found("thi dua", sort="newest")]
        return len(dates) > 3 and dates == sorted(dates, reverse=True)

    return {
        "collision thi dua / thì dựa": collision(),
        "every word must match": every_word(),
        "falls back to any word": any_word(),
        "newest sort": newest(),
    }


# --- measurements ---------------------------------------------------------------------
def agreement(segmenter, paragraphs):
    """How far a segmenter forms the same words from text typed three ways: as written,
    lower-case, and without diacritics. Compares multi-syllable words (folded) by position."""
    from core.text import fold

    def spans(words):
        out, start = set(), 0
        for word in words:
            if len(word) > 1:
                out.add((start, tuple(fold(s) for s in word)))
            start += len(word)
        return out

    totals = {"written": 0, "lower": 0, "folded": 0}
    for text in paragraphs:
        written = spans(segmenter.words(text))
        totals["written"] += len(written)
        totals["lower"] += len(written & spans(segmenter.words(text.lower())))
        totals["folded"] += len(written & spans(segmenter.words(fold(text))))
    return totals


def throughput(segmenter, paragraphs, syllables, rounds=3):
    """Best of ``rounds`` passes (the machine is shared: the best pass is the least disturbed);
    CPU time is reported beside wall time for the same reason."""
    best = None
    for _ in range(rounds):
        started, cpu = time.perf_counter(), time.process_time()
        for text in paragraphs:
            segmenter.words(text)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        if best is None or wall < best[0]:
            best = (wall, cpu)
    wall, cpu = best
    return {
        "seconds": wall,
        "cpu_seconds": cpu,
        "syllables_per_second": syllables / wall,
        "syllables_per_cpu_second": syllables / cpu,
    }


def import_cost(probe):
    """Import time and memory of a fresh interpreter that loads the segmenter and segments
    one sentence (some packages load their model on first use). Read from /proc: a child's
    ``ru_maxrss`` inherits its parent's peak across exec on Linux."""
    code = (
        "import time\n"
        "def status():\n"
        "    fields = dict(line.split(':', 1) for line in open('/proc/self/status'))\n"
        "    return [int(fields[k].split()[0]) / 1024 for k in ('VmRSS', 'VmHWM')]\n"
        "before = status()[0]\n"
        "t = time.perf_counter()\n"
        f"{probe}\n"
        "seconds = time.perf_counter() - t\n"
        "print(seconds, before, *status())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    seconds, before, rss, peak = (float(x) for x in done.stdout.split())
    return {"import_and_first_call_s": seconds, "rss_bare_mb": before, "rss_after_mb": rss, "peak_mb": peak}


PROBES = {
    "pyvi": "from pyvi import ViTokenizer; ViTokenizer.tokenize('Phát động thi đua năm 2024')",
    "underthesea": "from underthesea import word_tokenize; word_tokenize('Phát động thi đua năm 2024')",
}


def directory_size(path):
    return sum(item.stat().st_size for item in Path(path).rglob("*") if item.is_file())


class Command(BaseCommand):
    help = "So sánh tách từ (pyvi, underthesea) với âm tiết + cụm âm tiết liền kề: bảng độ liên quan và tốc độ."

    def add_arguments(self, parser):
        parser.add_argument("--segmenters", nargs="*", default=["pyvi", "underthesea"], choices=list(SEGMENTERS))
        parser.add_argument("--articles", type=int, default=250, help="Bài mẫu để đo tốc độ (≈ 2.000 đoạn văn).")
        parser.add_argument("--repeat", type=int, default=50, help="Lần chạy mỗi truy vấn khi đo độ trễ.")
        parser.add_argument(
            "--latency-articles", type=int, default=2000, help="Bài mẫu trong chỉ mục dùng để đo độ trễ truy vấn."
        )
        parser.add_argument("--json", dest="json_path", help="Ghi kết quả ra tệp JSON.")
        parser.add_argument("--skip-speed", action="store_true", help="Chỉ chạy bảng độ liên quan.")
        parser.add_argument(
            "--single-syllable-bonus",
            action="store_true",
            help="Thưởng cả từ một âm tiết (mặc định: chỉ từ ghép) trong các biến thể fallback và hybrid.",
        )
        parser.add_argument(
            "--folded-word-bonus",
            action="store_true",
            help="Thưởng từ ghép theo dạng bỏ dấu kể cả khi người đọc gõ có dấu (mặc định: đúng dấu đã gõ).",
        )

    def handle(
        self,
        *args,
        segmenters,
        articles,
        latency_articles,
        repeat,
        json_path,
        skip_speed,
        single_syllable_bonus,
        folded_word_bonus,
        **options,
    ):
        loaded, missing = load_segmenters(segmenters)
        for message in missing:
            self.stdout.write(f"Không nạp được bộ tách từ {message}")
        variants = [Variant("syllables")] + [
            Variant(mode, seg, single_syllable_bonus, folded_word_bonus) for seg in loaded for mode in Variant.MODES[1:]
        ]
        report = {"relevance": self.relevance(variants)}
        if not skip_speed:
            report["speed"] = self.speed(variants, loaded, articles, latency_articles, repeat)
        if json_path:
            with open(json_path, "w", encoding="utf-8") as handle:
                json.dump(report, handle, ensure_ascii=False, indent=1, default=str)

    def relevance(self, variants):
        from core.text import fold

        rows, keys = corpus_rows()
        ids = {key: pk for pk, key in keys.items()}
        published = {row["page_id"]: row["published_at"] for row in rows}
        cases = relevance_cases()
        self.stdout.write(f"Bảng độ liên quan: {len(rows)} bài, {len(cases)} trường hợp + 4 quy tắc\n")
        results = {}
        for variant in variants:
            runner = Runner(variant, rows)
            outcome = {}
            for query, expected, _rule in cases:
                hits = runner.found(query)
                outcome[query] = {
                    "ok": bool(hits) and hits[0] == ids[expected],
                    "first": keys.get(hits[0]) if hits else None,
                }
            rules = rule_tests(runner, ids, published)
            passed = sum(case["ok"] for case in outcome.values()) + sum(rules.values())
            plain = [query for query, _, _ in cases if query.isascii()]
            plain_ok = sum(outcome[query]["ok"] for query in plain)
            # "thi dua" has no case of its own: its top hits must be "thi đua" stories, not "thì dựa".
            top = [keys[pk] for pk in runner.found("thi dua")[:3]]
            watched = {
                "thi dua": bool(top) and "thi_dua_collision" not in top,
                **{query: outcome[query]["ok"] for query in WATCHED[1:]},
            }
            results[variant.name] = {
                "passed": passed,
                "total": len(cases) + len(rules),
                "accent_free_passed": plain_ok,
                "accent_free_total": len(plain),
                "thi_dua_top3": top,
                "watched": watched,
                "cases": outcome,
                "rules": rules,
            }
            failed = [f"{q} → {o['first']}" for q, o in outcome.items() if not o["ok"]]
            failed += [name for name, ok in rules.items() if not ok]
            self.stdout.write(
                f"{variant.name:22} {passed:2}/{len(cases) + len(rules)}  không dấu {plain_ok}/{len(plain)}; "
                + ", ".join(f"{q}={'đạt' if ok else 'TRƯỢT'}" for q, ok in watched.items())
                + f"; “thi dua” 3 đầu: {', '.join(top) or '(không có)'}"
            )
            if failed:
                self.stdout.write("    trượt: " + "; ".join(failed))
        self.stdout.write(
            f"\nSân nhà của tách từ ({len(HOME_GROUND)} truy vấn, có dấu / không dấu; ngoài bộ kiểm thử):"
        )
        extra = home_ground_rows(len(rows) + 1)
        probe_keys = {row["page_id"]: row["key"] for row in extra}
        for variant in variants:
            runner = Runner(variant, rows + extra)
            outcome = {}
            for number, (query, _right, _wrong) in enumerate(HOME_GROUND):
                for typed in (query, fold(query)):
                    hits = runner.found(typed)
                    outcome[typed] = bool(hits) and probe_keys.get(hits[0]) == f"{number}-right"
            results[variant.name]["home_ground"] = outcome
            accented = [ok for typed, ok in outcome.items() if not typed.isascii()]
            plain = [ok for typed, ok in outcome.items() if typed.isascii()]
            self.stdout.write(
                f"{variant.name:22} có dấu {sum(accented)}/{len(accented)}, không dấu {sum(plain)}/{len(plain)}"
                + (
                    f"  (trượt: {', '.join(t for t, ok in outcome.items() if not ok)})"
                    if not all(outcome.values())
                    else ""
                )
            )
        return results

    def speed(self, variants, segmenters, articles, latency_articles, repeat):
        from benchmarks.search import QUERY_MIX
        from search.engines.base import parse_request

        rows = demo_articles(articles)
        paragraphs = paragraphs_of(rows)
        syllables = sum(len(PIECE.findall(text)) for text in paragraphs)
        self.stdout.write(
            f"\nTốc độ: {articles} bài mẫu, {len(paragraphs)} đoạn, {syllables} âm tiết "
            f"(trung bình {syllables / len(paragraphs):.1f} âm tiết/đoạn)"
        )
        result = {
            "articles": articles,
            "paragraphs": len(paragraphs),
            "syllables": syllables,
            "load_average": os.getloadavg(),
            "segmenters": {},
        }
        self.stdout.write(f"  tải máy (loadavg 1/5/15 phút): {os.getloadavg()}")
        # The production analyzer over the same text, for scale.
        from search.engines.tantivy_engine import FOLDED

        started = time.perf_counter()
        for text in paragraphs:
            FOLDED.analyze(text)
        baseline = syllables / (time.perf_counter() - started)
        result["tantivy_simple_syllables_per_second"] = baseline
        self.stdout.write(f"  tantivy simple+lowercase+ascii_fold: {baseline:,.0f} âm tiết/giây")
        projected = 100_000 * 600
        for segmenter in segmenters:
            measured = throughput(segmenter, paragraphs, syllables)
            agree = agreement(segmenter, paragraphs)
            cost = import_cost(PROBES[segmenter.name])
            per_query = []
            for query in QUERY_MIX:
                started = time.perf_counter()
                for _ in range(repeat):
                    segmenter.join(query)
                per_query.append((time.perf_counter() - started) / repeat * 1000)
            one_core = projected / measured["syllables_per_second"]
            one_core_cpu = projected / measured["syllables_per_cpu_second"]
            entry = {
                **measured,
                "projected_100k_x_600_one_core_s": one_core,
                "projected_100k_x_600_one_core_cpu_s": one_core_cpu,
                "agreement": agree,
                "import": cost,
                "segment_query_ms_median": statistics.median(per_query),
                "segment_query_ms_max": max(per_query),
            }
            result["segmenters"][segmenter.name] = entry
            self.stdout.write(
                f"  {segmenter.name}: {measured['syllables_per_second']:,.0f} âm tiết/giây thực, "
                f"{measured['syllables_per_cpu_second']:,.0f} âm tiết/giây CPU "
                f"(thực {measured['seconds']:.2f} s, CPU {measured['cpu_seconds']:.2f} s); "
                f"100.000 bài × 600 âm tiết ≈ {one_core / 60:.0f} phút thực, {one_core_cpu / 60:.0f} phút CPU"
            )
            self.stdout.write(
                f"    tách một truy vấn: trung vị {entry['segment_query_ms_median']:.2f} ms, "
                f"tối đa {entry['segment_query_ms_max']:.2f} ms; nạp + câu đầu: {cost}"
            )
            self.stdout.write(
                f"    từ ghép (≥ 2 âm tiết) tách từ văn bản có dấu: {agree['written']}; tách lại y hệt "
                f"khi viết thường: {agree['lower'] / agree['written']:.1%}, "
                f"khi bỏ dấu: {agree['folded'] / agree['written']:.1%}"
            )
        # Index time of each variant on the same demo articles (best of three; wall and CPU).
        result["variants"] = {}
        for variant in variants:
            directory = tempfile.mkdtemp(prefix="seg-bench-")
            try:
                wall = cpu = None
                for _ in range(3):  # in a fresh directory each time
                    shutil.rmtree(directory, ignore_errors=True)
                    os.mkdir(directory)
                    started, cpu_started = time.perf_counter(), time.process_time()
                    build_index(variant, rows, path=directory)
                    elapsed, cpu_elapsed = time.perf_counter() - started, time.process_time() - cpu_started
                    wall = elapsed if wall is None else min(wall, elapsed)
                    cpu = cpu_elapsed if cpu is None else min(cpu, cpu_elapsed)
                size = directory_size(directory)
            finally:
                shutil.rmtree(directory, ignore_errors=True)
            entry = {
                "index_seconds": wall,
                "index_cpu_seconds": cpu,
                "projected_100k_x_600_s": wall * projected / syllables,
                "projected_100k_x_600_cpu_s": cpu * projected / syllables,
                "index_bytes": size,
            }
            result["variants"][variant.name] = entry
            self.stdout.write(
                f"  {variant.name:22} lập chỉ mục {wall:5.2f} s thực, {cpu:5.2f} s CPU "
                f"(100.000 × 600 âm tiết ≈ {entry['projected_100k_x_600_s'] / 60:3.0f} phút thực, "
                f"{entry['projected_100k_x_600_cpu_s'] / 60:3.0f} phút CPU), {size / 1e6:5.2f} MB"
            )
        # Query latency on a larger index, for the variants that keep the suite's rules.
        bigger = demo_articles(latency_articles, seed=2025)
        self.stdout.write(f"\nĐộ trễ truy vấn: {latency_articles} bài, {len(QUERY_MIX)} truy vấn × {repeat} lần (CPU)")
        harness = harness_class()
        for variant in variants:
            if variant.mode not in ("syllables", "hybrid"):
                continue
            engine = harness(build_index(variant, bigger))
            timings = []
            for query in QUERY_MIX:
                variant.query_text = query
                request = parse_request({"q": query})
                with variant.active():
                    engine.search(request)  # warm
                    started = time.process_time()
                    for _ in range(repeat):
                        engine.search(request)
                timings.append((time.process_time() - started) / repeat * 1000)
            timings.sort()
            entry = result["variants"][variant.name]
            entry["query_cpu_ms_p50"] = statistics.median(timings)
            entry["query_cpu_ms_p95"] = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
            self.stdout.write(
                f"  {variant.name:22} p50 {entry['query_cpu_ms_p50']:.2f} ms, p95 {entry['query_cpu_ms_p95']:.2f} ms"
            )
        result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return result


if __name__ == "__main__":
    from benchmarks import run_command

    run_command(Command)
