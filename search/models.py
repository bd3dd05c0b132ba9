from django.db import models

# What the engines read from a document row, in this order.
DOCUMENT_FIELDS = (
    "page_id",
    "title",
    "sapo",
    "body",
    "tags",
    "tag_slugs",
    "byline",
    "campaign_id",
    "campaign_title",
    "campaign_slug",
    "url",
    "published_at",
)


class SearchDocument(models.Model):
    """The searchable text of one live, public article.

    Every engine indexes from these rows, so what is searchable and public is
    decided once (here and in ``documents``). Rows are rewritten only when
    readers could see a difference (publish, unpublish, move, delete, privacy,
    renames), through ``SearchOutbox``; a draft save never touches them.
    """

    page = models.OneToOneField(
        "news.ArticlePage", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title = models.TextField()
    sapo = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Paragraphs, quotes and photo captions as plain text.")
    tags = models.TextField(blank=True, help_text="Tag names, one per line.")
    tag_slugs = models.TextField(blank=True, help_text="Tag slugs, one per line.")
    byline = models.TextField(blank=True)
    campaign_id = models.IntegerField(null=True, db_index=True)
    campaign_title = models.TextField(blank=True)
    campaign_slug = models.CharField(max_length=255, blank=True)
    url = models.TextField()
    published_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tài liệu tìm kiếm"

    def __str__(self):
        return self.title


class SearchOutbox(models.Model):
    """A page whose search document must be recomputed and sent to the engine.

    Written in the same transaction as the change that caused it, so a change
    that committed is never forgotten, even if the process dies before the
    engine hears of it or the engine is down. The drainer (``search.outbox``)
    recomputes the document from the database at drain time, pushes it, and
    marks the row processed; a failure leaves it pending with a later
    ``next_attempt_at``. Processed rows are kept a while so a rebuild can
    replay what changed while it was building.
    """

    id = models.BigAutoField(primary_key=True)
    page_id = models.IntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "thay đổi chờ lập chỉ mục"
        verbose_name_plural = "thay đổi chờ lập chỉ mục"
        indexes = [models.Index(fields=["processed_at", "id"], name="search_outbox_pending")]

    def __str__(self):
        state = "đã xử lý" if self.processed_at else "chờ"
        return f"bài {self.page_id} ({state})"
