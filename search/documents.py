"""What of an article is searchable, as plain text (shared by both engines)."""

from django.db import transaction
from django.db.models import Prefetch
from wagtail import blocks

from news.models import ArticlePage, Author
from news.queries import public

from .models import SearchDocument, SearchRemoval


def searchable_content(block, raw):
    """Text of one stored block value, as the block's ``get_searchable_content()`` gives it.

    Walks the stored JSON rather than the StreamField's Python value: turning a
    body into Python loads its images and documents (a query per article when the
    whole archive is indexed), and chooser blocks have no text of their own. Every
    text-bearing leaf (rich text, char, text, choice blocks…) is handed to Wagtail,
    so a new block type or field is searched without a change here, and a field
    declared with ``search_index=False`` is left out.
    """
    if raw is None or not getattr(block, "search_index", True):
        return []
    if isinstance(block, blocks.StreamBlock):
        content = []
        for child in raw if isinstance(raw, list) else []:
            child_block = block.child_blocks.get(child.get("type")) if isinstance(child, dict) else None
            if child_block is not None:
                content.extend(searchable_content(child_block, child.get("value")))
        return content
    if isinstance(block, blocks.StructBlock):
        if not isinstance(raw, dict):
            return []
        return [text for name, child in block.child_blocks.items() for text in searchable_content(child, raw.get(name))]
    if isinstance(block, blocks.ListBlock):
        items = raw if isinstance(raw, list) else []
        values = [item.get("value") if isinstance(item, dict) and "type" in item else item for item in items]
        return [text for value in values for text in searchable_content(block.child_block, value)]
    if isinstance(block, blocks.ChooserBlock):
        return []
    return block.get_searchable_content(block.to_python(raw))


def body_text(raw_blocks, stream_block=None):
    """Every body block's searchable text, one line per block, in reading order."""
    stream_block = stream_block or ArticlePage._meta.get_field("body").stream_block
    lines = []
    for raw in raw_blocks or []:
        block = stream_block.child_blocks.get(raw.get("type")) if isinstance(raw, dict) else None
        if block is not None:
            line = " ".join(
                text.strip() for text in searchable_content(block, raw.get("value")) if text and text.strip()
            )
            if line:
                lines.append(line)
    return "\n".join(lines)


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
