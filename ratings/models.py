from django.conf import settings
from django.db import models


class Rating(models.Model):
    """One staff member's score for one article; rating again changes it."""

    page = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="ratings", verbose_name="bài viết"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField("điểm")
    created_at = models.DateTimeField("đánh giá lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "đánh giá"
        verbose_name_plural = "đánh giá"
        constraints = [
            models.UniqueConstraint(fields=["page", "user"], name="one_rating_per_person"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="score_from_1_to_5"),
        ]

    def __str__(self):
        return f"{self.user} → {self.page_id}: {self.score}"
