"""Fill a site with demo content, idempotently.

Two paths:
- the curated stories (a handful per campaign) go through Wagtail's own
  ``add_child`` + revision + publish, exactly as an editor's would;
- ``ensure_articles(n)`` tops the archive up to *n* articles in bulk: page rows
  and article rows are inserted in batches with their tree paths computed here,
  because ``add_child`` costs ~25 ms a page and 10,000 pages would take minutes.
"""

import datetime as dt
import random
import uuid
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from taggit.models import Tag
from tqdm import tqdm
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page
from wagtail.search.backends import get_search_backend

from core.text import slugify

from ..models import (
    ArticlePage,
    ArticlePageTag,
    Author,
    BlocLeader,
    BlocMember,
    CampaignIndexPage,
    CampaignPage,
    EmulationBloc,
    HomeFeaturedArticle,
    HomePage,
    Organisation,
)
from . import content
from .photos import draw_scene

PHOTO_COUNT = 12
CURATED_PER_CAMPAIGN = 6
PLACES = ["Hà Nội", "Lào Cai", "Đà Nẵng", "Hà Giang", "Yên Bái", "Huế", "Cần Thơ", "Nghệ An"]
BATCH = 500


class DemoSeeder:
    def __init__(self, log=print, progress=True, seed=2024, curated_per_campaign=CURATED_PER_CAMPAIGN):
        self.curated_per_campaign = curated_per_campaign
        self.log = log
        self.progress = progress
        self.rng = random.Random(seed)
        self.now = timezone.now()

    # --- reference data -------------------------------------------------
    def run(self, articles=0):
        self.home = HomePage.objects.first()
        self.index = CampaignIndexPage.objects.first()
        if self.home is None or self.index is None:
            raise RuntimeError("Chưa có trang chủ và trang Phong trào thi đua: hãy chạy migrate trước.")
        self.organisations = self.ensure_organisations()
        self.blocs = self.ensure_blocs()
        self.authors = self.ensure_authors()
        self.tags = self.ensure_tags()
        self.photos = self.ensure_photos()
        self.campaigns = self.ensure_campaigns()
        created = self.ensure_curated_articles()
        if articles:
            created += self.ensure_articles(articles)
        return created

    def ensure_organisations(self):
        for name, short in content.ORGANISATIONS:
            Organisation.objects.get_or_create(name=name, defaults={"short_name": short})
        return {org.name: org for org in Organisation.objects.all()}

    def ensure_blocs(self):
        for spec in content.BLOCS:
            bloc, created = EmulationBloc.objects.get_or_create(
                name=spec["name"], defaults={"description": spec["description"]}
            )
            if created:
                for order, name in enumerate(spec["members"]):
                    BlocMember.objects.create(bloc=bloc, organisation=self.organisations[name], sort_order=order)
                for order, (year, name) in enumerate(sorted(spec["leaders"].items(), reverse=True)):
                    BlocLeader.objects.create(
                        bloc=bloc, year=year, organisation=self.organisations[name], sort_order=order
                    )
        return {bloc.name: bloc for bloc in EmulationBloc.objects.all()}

    def ensure_authors(self):
        for name, role in content.AUTHORS:
            Author.objects.get_or_create(name=name, defaults={"role": role})
        return list(Author.objects.filter(name__in=[name for name, _ in content.AUTHORS]))

    def ensure_tags(self):
        tags = {}
        for name in content.TAGS:
            tag = Tag.objects.filter(name__iexact=name).first()
            if tag is None:
                tag = Tag.objects.create(name=name, slug=slugify(name))
            tags[name] = tag
        return tags

    def ensure_photos(self):
        Image = get_image_model()
        photos = list(Image.objects.filter(title__startswith="Ảnh minh họa thi đua").order_by("pk"))
        collection = Collection.get_first_root_node()
        for number in range(len(photos), PHOTO_COUNT):
            data = draw_scene(number)
            image = Image(
                title=f"Ảnh minh họa thi đua số {number + 1}",
                credit=content.PHOTO_CREDITS[number % len(content.PHOTO_CREDITS)],
                collection=collection,
            )
            image.file = ImageFile(_named_bytes(data, f"thi-dua-{number + 1}.jpg"))
            image.save()
            photos.append(image)
        return photos

    def ensure_campaigns(self):
        campaigns = {}
        existing = {page.slug: page for page in CampaignPage.objects.child_of(self.index)}
        for spec in content.CAMPAIGNS:
            page = existing.get(spec["slug"])
            if page is None:
                page = CampaignPage(
                    title=spec["title"],
                    slug=spec["slug"],
                    short_title=spec["short_title"],
                    slogan=spec["slogan"],
                    launching_body=spec["launching_body"],
                    decision_reference=spec["decision_reference"],
                    start_date=dt.date(*spec["start"]),
                    end_date=dt.date(*spec["end"]) if spec["end"] else None,
                    description=spec["description"],
                    hero_image=self.photos[len(campaigns) % len(self.photos)],
                )
                self.index.add_child(instance=page)
                page.blocs.set([self.blocs[name] for name in spec["blocs"]])
                page.save_revision().publish()
                self.index.refresh_from_db()
            campaigns[spec["slug"]] = (page, spec)
        return campaigns

    # --- article composition --------------------------------------------
    def _fill(self, template, spec, year):
        bloc = spec["blocs"][0] if spec["blocs"] else content.BLOCS[0]["name"]
        return template.format(
            org=spec["org"],
            topic=spec["topic"],
            bloc=bloc,
            place=self.rng.choice(PLACES),
            year=year,
            year_from=year - 5,
            count=self.rng.randint(12, 180),
            day=self.rng.randint(1, 28),
            month=self.rng.randint(1, 12),
        )

    def _published_at(self, spec):
        start = dt.datetime(*spec["start"], 8, 0, tzinfo=timezone.get_current_timezone())
        end_date = dt.date(*spec["end"]) if spec["end"] else None
        end = min(self.now, dt.datetime.combine(end_date, dt.time(18), tzinfo=start.tzinfo)) if end_date else self.now
        span = max((end - start).total_seconds(), 3600)
        moment = start + dt.timedelta(seconds=self.rng.uniform(0, span))
        return moment.replace(second=0, microsecond=0)

    def compose(self, spec):
        published_at = self._published_at(spec)
        year = timezone.localtime(published_at).year
        title = self._fill(self.rng.choice(content.HEADLINES), spec, year)
        photos = self.rng.sample(self.photos, k=self.rng.randint(1, 3))
        paragraphs = self.rng.sample(content.PARAGRAPHS, k=self.rng.randint(4, 7))
        body = []
        for position, text in enumerate(paragraphs):
            body.append(
                {
                    "type": "paragraph",
                    "value": f"<p>{self._fill(text, spec, year)}</p>",
                    "id": str(uuid.uuid4()),
                }
            )
            if position in (0, 2, 4) and photos:
                photo = photos.pop(0)
                caption = self._fill(self.rng.choice(content.CAPTIONS), spec, year)
                body.append(
                    {
                        "type": "photo",
                        "value": {"image": photo.pk, "caption": caption, "credit": ""},
                        "id": str(uuid.uuid4()),
                    }
                )
            if position == 3 and self.rng.random() < 0.3:
                text, who = self.rng.choice(content.QUOTES)
                body.append({"type": "quote", "value": {"text": text, "attribution": who}, "id": str(uuid.uuid4())})
        first_photo = next(block["value"]["image"] for block in body if block["type"] == "photo")
        tag_names = set(content.CAMPAIGN_TAGS[spec["slug"]][:2])
        tag_names.update(self.rng.sample(content.TAGS, k=self.rng.randint(1, 3)))
        return {
            "title": title,
            "dateline": self.rng.choice(content.DATELINES),
            "source": self.rng.choice(content.SOURCES),
            "sapo": self._fill(self.rng.choice(content.SAPOS), spec, year),
            "published_at": published_at,
            "body": body,
            "featured_image_id": first_photo,
            "authors": self.rng.sample(self.authors, k=1 if self.rng.random() < 0.8 else 2),
            "tags": [self.tags[name] for name in sorted(tag_names)],
        }

    # --- curated path: real Wagtail publishing --------------------------
    def ensure_curated_articles(self):
        created = 0
        for campaign, spec in self.campaigns.values():
            have = ArticlePage.objects.child_of(campaign).count()
            for _ in range(have, self.curated_per_campaign):
                data = self.compose(spec)
                article = ArticlePage(title=data["title"], **article_fields(data))
                article.authors = data["authors"]
                article.tags.add(*data["tags"])
                campaign.add_child(instance=article)
                revision = article.save_revision()
                revision.publish()
                ArticlePage.objects.filter(pk=article.pk).update(
                    first_published_at=data["published_at"], last_published_at=data["published_at"]
                )
                campaign.refresh_from_db()
                created += 1
        if not self.home.featured_articles.exists():
            newest = ArticlePage.objects.live().order_by("-published_at")[:3]
            for order, article in enumerate(newest):
                HomeFeaturedArticle.objects.create(home=self.home, article=article, sort_order=order)
        if created:
            self.log(f"Đã đăng {created} bài viết mẫu qua quy trình xuất bản của Wagtail.")
        return created

    # --- bulk path --------------------------------------------------------
    def ensure_articles(self, target):
        missing = target - ArticlePage.objects.count()
        if missing <= 0:
            return 0
        campaigns = [campaign for campaign, _ in self.campaigns.values()]
        specs = {campaign.pk: spec for campaign, spec in self.campaigns.values()}
        plan = defaultdict(int)
        for n in range(missing):
            plan[campaigns[n % len(campaigns)].pk] += 1
        bar = tqdm(total=missing, desc="Tạo bài viết", unit="bài", disable=not self.progress)
        created = 0
        for campaign in campaigns:
            todo = plan[campaign.pk]
            while todo:
                size = min(BATCH, todo)
                self._bulk_batch(campaign, specs[campaign.pk], size)
                created += size
                todo -= size
                bar.update(size)
        bar.close()
        self.log(f"Đã tạo thêm {created} bài viết (đường nhanh, theo lô {BATCH}).")
        return created

    @transaction.atomic
    def _bulk_batch(self, campaign, spec, size):
        campaign = Page.objects.select_for_update().get(pk=campaign.pk)
        last_child = campaign.get_last_child()
        next_number = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
        content_type = ContentType.objects.get_for_model(ArticlePage)
        locale = Locale.get_default()
        sequence = ArticlePage.objects.count()
        pages, articles, details = [], [], []
        for offset in range(size):
            data = self.compose(spec)
            sequence += 1
            slug = f"{slugify(data['title'], max_length=80)}-{sequence}"
            pages.append(
                Page(
                    title=data["title"],
                    draft_title=data["title"],
                    slug=slug,
                    content_type=content_type,
                    path=Page._get_path(campaign.path, campaign.depth + 1, next_number + offset),
                    depth=campaign.depth + 1,
                    numchild=0,
                    url_path=f"{campaign.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=data["published_at"],
                    last_published_at=data["published_at"],
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
            )
            details.append(data)
        Page.objects.bulk_create(pages)
        for page, data in zip(pages, details, strict=True):
            articles.append(ArticlePage(page_ptr_id=page.pk, campaign_id=campaign.pk, **article_fields(data)))
        # Django refuses bulk_create on multi-table children; insert the child
        # rows alone, the parent rows already exist.
        local_fields = ArticlePage._meta.local_concrete_fields
        ArticlePage.objects._insert(articles, fields=local_fields)
        Page.objects.filter(pk=campaign.pk).update(numchild=F("numchild") + size)
        Author_links = ArticlePage.authors.through
        Author_links.objects.bulk_create(
            [
                Author_links(articlepage_id=page.pk, author_id=author.pk)
                for page, data in zip(pages, details, strict=True)
                for author in data["authors"]
            ]
        )
        ArticlePageTag.objects.bulk_create(
            [
                ArticlePageTag(content_object_id=page.pk, tag_id=tag.pk)
                for page, data in zip(pages, details, strict=True)
                for tag in data["tags"]
            ]
        )
        backend = get_search_backend()
        backend.add_bulk(ArticlePage, list(ArticlePage.objects.filter(pk__in=[p.pk for p in pages])))


def article_fields(data):
    """The article's own columns from a composed story (page columns are set apart)."""
    keys = ("dateline", "source", "sapo", "published_at", "body", "featured_image_id")
    return {key: data[key] for key in keys}


def _named_bytes(data, name):
    import io

    stream = io.BytesIO(data)
    stream.name = name
    return stream
