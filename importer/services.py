"""Write parsed exports into the column as articles, one file per transaction."""

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection

from core.text import slugify, unique_slug
from news.models import ArticlePage, Author, CampaignIndexPage, CampaignPage

from .models import ImportRecord
from .parser import ExportedArticle

ARCHIVE_SLUG = "bai-luu-tru"
ARCHIVE_TITLE = "Bài viết lưu trữ từ cổng cũ"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


class ImportProblem(Exception):
    """The file parsed but cannot be written (e.g. an unknown campaign)."""


@dataclass
class Outcome:
    article: ArticlePage
    action: str  # "created", "updated" or "unchanged"
    draft: bool
    missing_photos: int


def source_key(parsed: ExportedArticle):
    """A story is its title and original time; re-exports of it map to one article."""
    stamp = parsed.published_at.isoformat() if parsed.published_at else ""
    return hashlib.sha256(f"{' '.join(parsed.title.split()).casefold()}|{stamp}".encode()).hexdigest()


def content_hash(data: bytes, options: str):
    return hashlib.sha256(data + b"\0" + options.encode()).hexdigest()


def resolve_campaign(slug=None):
    if slug:
        campaign = CampaignPage.objects.filter(slug=slug).first()
        if campaign is None:
            raise ImportProblem(f"không có phong trào với slug “{slug}”")
        return campaign
    campaign = CampaignPage.objects.filter(slug=ARCHIVE_SLUG).first()
    if campaign is None:
        index = CampaignIndexPage.objects.first()
        if index is None:
            raise ImportProblem("chưa có trang “Phong trào thi đua”: hãy chạy migrate")
        campaign = CampaignPage(
            title=ARCHIVE_TITLE,
            slug=ARCHIVE_SLUG,
            launching_body="Ban biên tập",
            # A closed column, not a running campaign: its period is the day before the first import.
            start_date=timezone.localdate() - dt.timedelta(days=1),
            end_date=timezone.localdate() - dt.timedelta(days=1),
            description="<p>Các bài viết chuyển từ cổng thông tin cũ, giữ nguyên thời gian đăng gốc.</p>",
        )
        index.add_child(instance=campaign)
        campaign.save_revision().publish()
    return campaign


class ImageFinder:
    """Photos for an export: ``<stem>-<n>.jpg`` or ``<stem>/<n>.jpg`` in ``--images DIR``."""

    def __init__(self, directory):
        self.directory = Path(directory) if directory else None
        self.collection = Collection.get_first_root_node() if directory else None

    def find(self, stem, number):
        if self.directory is None:
            return None
        for suffix in IMAGE_SUFFIXES:
            for candidate in (self.directory / f"{stem}-{number}{suffix}", self.directory / stem / f"{number}{suffix}"):
                if candidate.is_file():
                    return candidate
        return None

    def image_for(self, stem, photo, title):
        path = self.find(stem, photo.number)
        if path is None:
            return None
        data = path.read_bytes()
        Image = get_image_model()
        existing = Image.objects.filter(file_hash=hashlib.sha1(data).hexdigest()).first()
        if existing:
            return existing
        image = Image(
            title=(photo.caption or f"{title} - Ảnh {photo.number}")[:255],
            credit=(photo.credit or "")[:255],
            collection=self.collection,
        )
        with path.open("rb") as handle:
            image.file = ImageFile(handle, name=path.name)
            image.save()
        return image


def build_body(parsed, stem, images: ImageFinder):
    body, missing = [], 0
    for kind, item in parsed.body:
        if kind == "paragraph":
            body.append({"type": "paragraph", "value": f"<p>{escape(item)}</p>", "id": str(uuid.uuid4())})
            continue
        image = images.image_for(stem, item, parsed.title)
        if image is None:
            missing += 1
        value = {"image": image.pk if image else None, "caption": item.caption or "", "credit": item.credit or ""}
        body.append({"type": "photo", "value": value, "id": str(uuid.uuid4())})
    return body, missing


def escape(text):
    from django.utils.html import escape as html_escape

    return html_escape(text)


def import_export(parsed, data, file_label, stem, campaign, default_time=None, images=None):
    """Create or update the article for one parsed export, atomically."""
    images = images or ImageFinder(None)
    key = source_key(parsed)
    fingerprint = content_hash(data, f"{campaign.pk}|{default_time}|{images.directory}")
    published_at = parsed.published_at or default_time
    draft = published_at is None
    with transaction.atomic():
        record = ImportRecord.objects.select_for_update().select_related("article").filter(source_key=key).first()
        if record and record.content_hash == fingerprint:
            return Outcome(record.article, "unchanged", not record.article.live, record.missing_photos)
        body, missing = build_body(parsed, stem, images)
        authors = [Author.objects.get_or_create(name=parsed.byline[:255])[0]] if parsed.byline else []
        fields = {
            "title": parsed.title[:255],
            "draft_title": parsed.title[:255],
            "dateline": (parsed.dateline or "")[:100],
            "source": (parsed.source or "")[:100],
            "sapo": parsed.sapo or "",
            "published_at": published_at,
            "body": body,
        }
        if record is None:
            article = ArticlePage(
                slug=article_slug(campaign, parsed.title),
                live=not draft,
                has_unpublished_changes=draft,
                first_published_at=published_at,
                last_published_at=published_at,
                **fields,
            )
            article.authors = authors
            campaign.add_child(instance=article)
            action = "created"
        else:
            article = record.article
            for name, value in fields.items():
                setattr(article, name, value)
            if article.live and published_at:
                article.first_published_at = published_at
            article.authors = authors
            article.save()
            action = "updated"
        if draft:
            article.save_revision()
        ImportRecord.objects.update_or_create(
            source_key=key,
            defaults={
                "article": article,
                "source_file": file_label[:500],
                "content_hash": fingerprint,
                "needs_review": draft,
                "missing_photos": missing,
            },
        )
    return Outcome(article, action, draft, missing)


def article_slug(campaign, title):
    base = slugify(title, max_length=80) or "bai-viet"
    taken = set(campaign.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    return unique_slug(title, taken, fallback="bai-viet", max_length=80)


def parse_default_time(value):
    """'2023-05-02' or '2023-05-02T09:30' in Vietnam time."""
    for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            moment = dt.datetime.strptime(value, pattern)
        except ValueError:
            continue
        return timezone.make_aware(moment, timezone.get_current_timezone())
    raise ValueError(value)
