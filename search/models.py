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

    Both engines index from these rows, so what is searchable is decided once
    (here and in ``documents``) and kept in step by Wagtail's signals.
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
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = "tài liệu tìm kiếm"

    def __str__(self):
        return self.title


class SearchRemoval(models.Model):
    """A page that left the index, so other processes' in-memory indexes drop it too."""

    page_id = models.IntegerField(db_index=True)
    removed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"{self.page_id} @ {self.removed_at:%Y-%m-%d %H:%M}"
