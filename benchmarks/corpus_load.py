"""Load the benchmark corpus (``benchmarks.corpus``) into the current database.

``python -m benchmarks.corpus_load --articles 100000 [--seed 2024] [--json results.jsonl]``
(``make bench-search``).

The rows are written by the demo seeder's bulk path (``DemoSeeder.ensure_articles`` →
``_bulk_batch``: page rows with their tree paths, article rows, authors, tags and
Wagtail's own search index, 500 articles a transaction). ``CorpusSeeder`` only replaces
what an article says (``compose``) and who may sign it and how it may be tagged, so the
bulk path stays one piece of code and ``make run``'s demo content is untouched. Like
``seed_demo --articles``, this writes no ``SearchDocument`` rows: run
``search_index rebuild`` afterwards (``benchmarks.search`` does, and times it).
"""

import html
import json
import time
import uuid

from django.core.management.base import BaseCommand

from benchmarks.corpus import RARE_NAME_AT, Corpus, TextCounter, describe, grouped, planted


def _seeder_class():
    """Imported late: the seeder's modules need Django set up."""
    from taggit.models import Tag

    from core.text import slugify
    from news.demo.seed import DemoSeeder
    from news.models import ArticlePage, Author

    class CorpusSeeder(DemoSeeder):
        """The demo seeder with the corpus's articles, reporters and tags; no curated stories."""

        def __init__(self, corpus, counter, **kwargs):
            super().__init__(curated_per_campaign=0, **kwargs)
            self.corpus = corpus
            self.counter = counter
            self.next_number = None
            self.loaded = []

        def ensure_authors(self):
            names = self.corpus.reporters
            Author.objects.bulk_create([Author(name=name, role="Phóng viên") for name in names], ignore_conflicts=True)
            self.bylines = {author.name: author for author in Author.objects.filter(name__in=names)}
            return list(self.bylines.values())

        def ensure_tags(self):
            tags = super().ensure_tags()
            slugs = set(Tag.objects.values_list("slug", flat=True))
            for name in self.corpus.tags:
                tag = Tag.objects.filter(name__iexact=name).first()
                if tag is None:
                    slug = base = slugify(name)
                    suffix = 1
                    while slug in slugs:
                        suffix += 1
                        slug = f"{base}-{suffix}"
                    tag = Tag.objects.create(name=name, slug=slug)
                    slugs.add(slug)
                tags[name] = tag
            return tags

        def compose(self, spec):
            if self.next_number is None:
                self.next_number = ArticlePage.objects.count()
            article = self.corpus.article(self.next_number, campaign=spec)
            self.next_number += 1
            self.counter.add_article(article)
            self.loaded.append(article.number)
            ids = _block_ids(article.number)
            photos = [
                (self.photos[(article.number + n) % len(self.photos)], caption)
                for n, caption in enumerate(article.captions)
            ]
            body = []
            for position, paragraph in enumerate(article.paragraphs):
                body.append({"type": "paragraph", "value": f"<p>{html.escape(paragraph)}</p>", "id": next(ids)})
                if position in (0, 2) and photos:
                    body.append(_photo_block(*photos.pop(0), next(ids)))
            body.extend(_photo_block(photo, caption, next(ids)) for photo, caption in photos)
            return {
                "title": article.title,
                "dateline": article.dateline,
                "source": article.source,
                "sapo": article.sapo,
                "published_at": article.published_at,
                "body": body,
                "featured_image_id": next(block["value"]["image"] for block in body if block["type"] == "photo"),
                "authors": [self.bylines[article.byline]],
                "tags": [self.tags[name] for name in article.tags],
            }

    return CorpusSeeder


def _photo_block(photo, caption, block_id):
    return {"type": "photo", "value": {"image": photo.pk, "caption": caption, "credit": ""}, "id": block_id}


def _block_ids(number):
    """Stable block ids, so two loads of the same corpus store the same body JSON."""
    for n in range(10_000):
        yield str(uuid.UUID(int=(number << 16) + n, version=4))


class Command(BaseCommand):
    help = "Nạp kho bài đo tìm kiếm (từ vựng tiếng Việt thật, tần suất Zipf) vào cơ sở dữ liệu hiện tại."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="Bảo đảm có N bài viết.")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--label", default="")
        parser.add_argument("--json", dest="json_path", help="Nối một dòng JSON kết quả vào tệp này.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, articles, seed, label, json_path, no_progress, **options):
        from news.models import ArticlePage

        corpus = Corpus.from_hunspell(seed=seed)
        self.stdout.write(
            f"Từ điển Hunspell: {grouped(len(corpus.lexicon))} âm tiết; {grouped(len(corpus.words))} từ (Zipf)."
        )
        counter = TextCounter()
        seeder = _seeder_class()(corpus, counter, log=self.stdout.write, progress=not no_progress)
        started = time.perf_counter()
        created = seeder.run(articles=articles)
        seconds = time.perf_counter() - started
        figures = counter.figures()
        total = ArticlePage.objects.count()
        needles = {"rare_name": 0, "four_words": 0, "unaccented": 0}
        for loaded in seeder.loaded:
            for needle in planted(loaded):
                needles[needle] += 1
        rate = created / seconds if seconds else 0
        self.stdout.write(f"Đã nạp {grouped(created)} bài trong {seconds:.1f} s ({rate:.0f} bài/s).")
        if created:
            self.stdout.write(f"Kho vừa nạp: {describe(figures)}.")
            self.stdout.write(
                f"Kim đã cài: tên hiếm ở {needles['rare_name']} bài (số {', '.join(map(str, RARE_NAME_AT))}), "
                f"cụm bốn từ ở {needles['four_words']} bài, cụm gõ không dấu ở {needles['unaccented']} bài."
            )
        if json_path:
            record = {
                "kind": "corpus",
                "label": label or str(articles),
                "articles": total,
                "loaded": created,
                "seed": seed,
                "load_s": round(seconds, 1),
                "articles_per_s": round(rate),
                **figures,
                "needles": needles,
            }
            with open(json_path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    from benchmarks import run_command

    run_command(Command)
