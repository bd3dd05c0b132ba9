"""State every worker process must agree on, kept in the database."""

from django.db import models


class ContentVersion(models.Model):
    """A single row: "the published content changed" as a number that only grows.

    Cached fragments put it in their key (``news.cache``); a cache that is cleared
    or evicted cannot bring an old number back, because the number lives here.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "phiên bản nội dung"
        verbose_name_plural = "phiên bản nội dung"

    def __str__(self):
        return str(self.value)


class SharedCounter(models.Model):
    """Atomic counters shared by every process when there is no Redis (rate limits)."""

    key = models.CharField(max_length=250, unique=True)
    value = models.BigIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "bộ đếm dùng chung"
        verbose_name_plural = "bộ đếm dùng chung"

    def __str__(self):
        return f"{self.key} = {self.value}"
