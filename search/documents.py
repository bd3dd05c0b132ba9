"""What of an article is searchable, as plain text (shared by both engines)."""

from html import unescape

from django.db import transaction
from django.db.models import Prefetch
from django.utils.html import strip_tags

from news.models import ArticlePage, Author
from news.queries import public

from .models import SearchDocument, SearchRemoval


def body_text(raw_blocks):
    """Paragraphs, quotes and photo captions (with credits) in reading order."""
    parts = []
    for block in raw_blocks or []:
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph" and isinstance(value, str):
            parts.append(unescape(strip_tags(value.replace("</p>", "</p>\n"))).strip())
        elif kind == "photo" and isinstance(value, dict):
            parts.append(" ".join(filter(None, [value.get("caption"), value.get("credit")])))
        elif kind == "quote" and isinstance(value, dict):
            parts.append(" ".join(filter(None, [value.get("text"), value.get("attribution")])))
        elif kind == "document" and isinstance(value, dict) and value.get("title"):
            parts.append(value["title"])
    return "\n".join(part for part in parts if part)


def searchable_articles():
    return (
        public(ArticlePage.objects.live())
        .select_related("campaign")
        .prefetch_related(Prefetch("authors", queryset=Author.objects.live().only("pk", "name")), "tags")
        .order_by("pk")
    )


def document_fields(article):
    tags = list(article.tags.all())
    campaign = article.campaign
    return {
        "title": article.title,
        "sapo": article.sapo or "",
        "body": body_text(article.body.raw_data),
        "tags": "\n".join(tag.name for tag in tags),
        "tag_slugs": "\n".join(tag.slug for tag in tags),
        "byline": ", ".join(author.name for author in article.authors.all()),
        "campaign_id": campaign.pk if campaign else None,
        "campaign_title": campaign.title if campaign else "",
        "campaign_slug": campaign.slug if campaign else "",
        "url": article.get_url() or article.url_path,
        "published_at": article.published_at,
    }


def sync_articles(article_ids):
    """Write (or drop) the documents of these articles; returns (saved, removed) ids."""
    article_ids = set(article_ids)
    found = {article.pk: article for article in searchable_articles().filter(pk__in=article_ids)}
    saved, removed = [], []
    with transaction.atomic():
        for pk in article_ids:
            article = found.get(pk)
            if article is None or article.published_at is None:
                SearchDocument.objects.filter(page_id=pk).delete()
                SearchRemoval.objects.create(page_id=pk)  # even if a cascade already took the row
                removed.append(pk)
            else:
                SearchDocument.objects.update_or_create(page_id=pk, defaults=document_fields(article))
                saved.append(pk)
    return saved, removed


def rebuild_documents(batch_size=1000, progress=None):
    """Recreate every document in bulk; returns how many there are."""
    SearchDocument.objects.all().delete()
    SearchRemoval.objects.all().delete()
    batch = []
    total = 0
    for article in searchable_articles().defer("latest_revision").iterator(chunk_size=batch_size):
        if article.published_at is None:
            continue
        batch.append(SearchDocument(page_id=article.pk, **document_fields(article)))
        if len(batch) >= batch_size:
            SearchDocument.objects.bulk_create(batch)
            total += len(batch)
            if progress:
                progress(len(batch))
            batch = []
    if batch:
        SearchDocument.objects.bulk_create(batch)
        total += len(batch)
        if progress:
            progress(len(batch))
    return total
