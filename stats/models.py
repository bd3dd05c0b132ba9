"""Visit records for the embedded (database) store.

Counts are never kept in counters that concurrent requests could overwrite:
they are derived from rows made unique by constraints (one per visitor per day,
one per visitor per article per day), so two simultaneous hits can at worst
both try to insert the same row, and one of them is ignored.
"""

from django.db import models


class VisitorSeen(models.Model):
    """Last time a visitor was seen, for "Đang online"."""

    visitor = models.CharField(max_length=32, primary_key=True)
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.visitor} @ {self.last_seen:%Y-%m-%d %H:%M}"


class VisitorDay(models.Model):
    """One visitor on one calendar day (Vietnam time): a visit."""

    day = models.DateField()
    visitor = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "visitor"], name="unique_visitor_day")]
        indexes = [models.Index(fields=["day"], name="visitorday_day")]

    def __str__(self):
        return f"{self.visitor} @ {self.day}"


class ArticleView(models.Model):
    """One visitor reading one article on one day."""

    day = models.DateField()
    page_id = models.IntegerField()
    visitor = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "page_id", "visitor"], name="unique_article_view")]
        indexes = [models.Index(fields=["day", "page_id"], name="articleview_day_page")]

    def __str__(self):
        return f"{self.visitor} → {self.page_id} @ {self.day}"


class DailyTotal(models.Model):
    """Visits and article views of a day whose per-visitor detail has been pruned."""

    day = models.DateField(primary_key=True)
    visits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "tổng theo ngày"

    def __str__(self):
        return f"{self.day}: {self.visits}"


class DailyArticleViews(models.Model):
    day = models.DateField()
    page_id = models.IntegerField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "page_id"], name="unique_daily_article_views")]

    def __str__(self):
        return f"{self.page_id} @ {self.day}: {self.views}"
