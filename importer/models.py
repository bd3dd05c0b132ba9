from django.db import models


class ImportRecord(models.Model):
    """Where an imported article came from, and what it still needs from an editor.

    ``source_key`` identifies the story (title + original time), so importing the
    same export again updates the article instead of creating a second one.
    """

    article = models.OneToOneField(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="import_record", verbose_name="bài viết"
    )
    source_key = models.CharField("khóa nguồn", max_length=64, unique=True)
    source_file = models.CharField("tệp nguồn", max_length=500)
    content_hash = models.CharField("mã băm nội dung", max_length=64)
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
