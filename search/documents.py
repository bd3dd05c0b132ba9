"""What of an article is searchable, as plain text (shared by every engine)."""

from django.db import transaction
from django.db.models import Prefetch
from wagtail import blocks

from news.models import ArticlePage, Author
from news.queries import public

from .models import DOCUMENT_FIELDS, SearchDocument


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


def refresh_documents(article_ids):
    """Write (or drop) the documents of these articles from their current state.

    Returns (saved, removed) ids. Idempotent: the outbox may replay a page.
    """
    article_ids = set(article_ids)
    found = {article.pk: article for article in searchable_articles().filter(pk__in=article_ids)}
    saved, removed = [], []
    with transaction.atomic():
        for pk in sorted(article_ids):
            article = found.get(pk)
            if article is None or article.published_at is None:
                SearchDocument.objects.filter(page_id=pk).delete()
                removed.append(pk)
            else:
                SearchDocument.objects.update_or_create(page_id=pk, defaults=document_fields(article))
                saved.append(pk)
    return saved, removed


def document_rows(page_ids=None, chunk_size=2000):
    """Document rows as the engines index them (dicts of ``DOCUMENT_FIELDS``), streamed."""
    queryset = SearchDocument.objects.order_by("page_id")
    if page_ids is not None:
        queryset = queryset.filter(page_id__in=list(page_ids))
    return queryset.values(*DOCUMENT_FIELDS).iterator(chunk_size=chunk_size)


def refresh_all_documents(batch_size=500, progress=None):
    """Recompute every document in place; returns how many there are.

    Rows are upserted batch by batch and stale ones deleted at the end, so the
    table never empties: searches served while this runs still find their
    documents (the old rebuild deleted everything first and answered nothing).
    """
    fields = [name for name in DOCUMENT_FIELDS if name != "page_id"] + ["updated_at"]
    seen = set()
    batch = []

    def flush():
        SearchDocument.objects.bulk_create(batch, update_conflicts=True, unique_fields=["page"], update_fields=fields)
        if progress:
            progress(len(batch))
        batch.clear()

    for article in searchable_articles().defer("latest_revision").iterator(chunk_size=batch_size):
        if article.published_at is None:
            continue
        seen.add(article.pk)
        batch.append(SearchDocument(page_id=article.pk, **document_fields(article)))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    stale = [pk for pk in SearchDocument.objects.values_list("page_id", flat=True).iterator() if pk not in seen]
    for start in range(0, len(stale), 500):
        SearchDocument.objects.filter(page_id__in=stale[start : start + 500]).delete()
    return len(seen)
