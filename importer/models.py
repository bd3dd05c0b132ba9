from django.db import models


class ImportRecord(models.Model):
    """Where an imported article came from, and what it still needs from an editor.

    ``source_key`` identifies the story (title + original time), so importing the
    same export again updates the article instead of creating a second one.
    ``revision`` is the revision the last applied import wrote: when the article's
    latest (or live) revision is another one, an editor has worked on it since, and a
    re-import must not overwrite that work (``ImportConflict``).
    """

    article = models.OneToOneField(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="import_record", verbose_name="bài viết"
    )
    source_key = models.CharField("khóa nguồn", max_length=64, unique=True)
    source_file = models.CharField("tệp nguồn", max_length=500)
    content_hash = models.CharField("mã băm nội dung", max_length=64)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="phiên bản do lần nhập ghi",
    )
    published = models.BooleanField("lần nhập đã xuất bản", default=False)
    needs_review = models.BooleanField(
        "chờ duyệt", default=False, help_text="Tệp không có thời gian đăng: bài được nhập dưới dạng nháp."
    )
    missing_photos = models.PositiveSmallIntegerField("số ảnh chờ bổ sung", default=0)
    imported_at = models.DateTimeField("nhập lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "bài nhập từ cổng cũ"
        verbose_name_plural = "bài nhập từ cổng cũ"
        indexes = [models.Index(fields=["missing_photos", "needs_review"], name="import_attention")]

    def __str__(self):
        return self.source_file


class ImportConflict(models.Model):
    """A re-import that was not applied: an editor changed the article after its import.

    ``incoming`` is what the file would have written, in Wagtail's revision format, so the
    admin can show the difference with Wagtail's own revision comparison; nothing of it
    reaches the article unless the operator re-imports with ``--force``.
    """

    record = models.OneToOneField(
        ImportRecord, on_delete=models.CASCADE, related_name="conflict", verbose_name="bài nhập"
    )
    source_file = models.CharField("tệp nguồn", max_length=500)
    content_hash = models.CharField("mã băm nội dung", max_length=64)
    changed_fields = models.JSONField("các trường khác nhau", default=list)
    incoming = models.JSONField("nội dung trong tệp")
    editor_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="phiên bản của biên tập viên",
    )
    detected_at = models.DateTimeField("phát hiện lúc", auto_now=True)

    class Meta:
        verbose_name = "xung đột khi nhập lại"
        verbose_name_plural = "xung đột khi nhập lại"

    def __str__(self):
        return self.source_file

    @property
    def changed_summary(self):
        return ", ".join(self.changed_fields) or "trạng thái xuất bản"
