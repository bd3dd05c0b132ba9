"""The search benchmark's corpus: reproducible, counted right, needles where the benchmark looks.

The generator runs here on an offline lexicon (the syllables of the demo stories) so the
tests need neither npm nor the network; ``make bench-search`` uses the Hunspell list.
"""

import re
from functools import cache

import pytest

from benchmarks import corpus as bench
from news.demo import content

ARTICLES = 2000


def demo_syllables():
    text = " ".join(
        [*content.PARAGRAPHS, *content.HEADLINES, *content.SAPOS, *content.CAPTIONS, *content.TAGS]
        + [quote for quote, _ in content.QUOTES]
    )
    return {token for token in re.findall(r"[^\W\d_]+", text.lower())}


@pytest.fixture(scope="module")
def lexicon():
    return demo_syllables()


@pytest.fixture(scope="module")
def articles(lexicon):
    generator = bench.Corpus(lexicon, seed=11)
    return [generator.article(number) for number in range(ARTICLES)]


def test_same_seed_gives_the_same_articles_in_any_order_and_another_seed_others(lexicon, articles):
    again = bench.Corpus(lexicon, seed=11)
    assert again.article(1777) == articles[1777]  # drawn alone, not after 0…1776
    assert [again.article(n) for n in (0, 5, 42)] == [articles[0], articles[5], articles[42]]
    other = bench.Corpus(lexicon, seed=12)
    assert other.article(5).paragraphs != articles[5].paragraphs


def test_counter_reports_what_a_direct_count_gives(articles):
    counter = bench.TextCounter(merge_every=50_000)  # several merges over ~1.5 M pairs
    fold = cache(bench.fold)
    syllables, folded_syllables, pairs, folded_pairs, tokens = set(), set(), set(), set(), 0
    for article in articles:
        counter.add_article(article)
        for text in article.streams():
            words = re.findall(r"\w+", text.lower())
            folded = [fold(word) for word in words]
            tokens += len(words)
            syllables.update(words)
            folded_syllables.update(folded)
            pairs.update(zip(words, words[1:], strict=False))
            folded_pairs.update(zip(folded, folded[1:], strict=False))
    assert counter.figures() == {
        "tokens": tokens,
        "syllables": len(syllables),
        "syllables_folded": len(folded_syllables),
        "pairs": len(pairs),
        "pairs_folded": len(folded_pairs),
    }


def test_needles_land_where_planted_and_nowhere_else(articles):
    texts = [article.text() for article in articles]
    rare = [n for n, text in enumerate(texts) if bench.RARE_NAME in text]
    assert rare == [3, 1777]
    assert [n for n, text in enumerate(texts) if "xuyến" in text.lower()] == rare
    assert all(bench.FOUR_WORDS in texts[n] for n in range(7, ARTICLES, 50))
    assert all(bench.UNACCENTED in texts[n] for n in range(11, ARTICLES, 40))
    common = sum(bench.COMMON_PHRASE in text.lower() for text in texts)
    assert common > 0.9 * ARTICLES


def test_articles_are_shaped_like_the_column(articles):
    bodies = [sum(bench.syllable_count(p) for p in article.paragraphs) for article in articles]
    assert 500 < sorted(bodies)[len(bodies) // 2] < 750
    article = articles[0]
    assert article.sapo_as_printed.startswith(f"({article.source}) - ")
    assert article.title[0].isupper() and article.tags and article.byline and article.captions
    years = {article.published_at.year for article in articles}
    assert len(years) >= 5


def test_hunspell_lexicon_when_cached():
    name, version = bench.DICTIONARY
    if not (bench.CACHE_DIR / f"{name}-{version}" / "index.dic").exists():
        pytest.skip("từ điển Hunspell chưa được tải (make bench-search tải nó)")
    syllables = bench.hunspell_syllables()
    assert len(syllables) > 6000
    assert {"thi", "đua", "khen", "thưởng"} <= set(syllables)
    assert all(s == s.lower() for s in syllables)


@pytest.mark.django_db
def test_loader_writes_corpus_articles_through_the_bulk_path(lexicon):
    from wagtail.models import Page

    from benchmarks.corpus_load import _seeder_class
    from news.models import ArticlePage

    generator = bench.Corpus(lexicon, seed=11)
    counter = bench.TextCounter()
    seeder = _seeder_class()(generator, counter, log=lambda *_: None, progress=False)
    assert seeder.run(articles=60) == 60
    assert Page.find_problems() == ([], [], [], [], [])
    assert counter.figures()["tokens"] > 60 * 600
    stored = list(ArticlePage.objects.live().select_related("campaign"))
    assert len(stored) == 60
    with_rare_name = [a for a in stored if bench.RARE_NAME in str(a.body.raw_data)]
    assert len(with_rare_name) == 1
    campaigns = {spec["slug"]: spec for spec in content.CAMPAIGNS}
    for article in stored:
        spec = campaigns[article.campaign.slug]
        assert article.published_at.date() >= bench.dt.date(*spec["start"])
        assert article.source and not article.sapo.startswith("(")
        kinds = [block.block_type for block in article.body]
        assert "paragraph" in kinds and "photo" in kinds
        assert article.authors.get().live and article.tags.exists()
