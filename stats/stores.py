"""Where visits are counted: Redis when REDIS_URL is set, the database otherwise.

Both answer the same questions with the same definitions (calendar in
Asia/Ho_Chi_Minh, weeks from Monday):
- online: distinct visitors seen in the last 5 minutes;
- today / week: distinct visitors since 00:00 today / Monday 00:00;
- total: visits since launch, a visit being one visitor on one day,
  plus ``STATS_START_TOTAL`` carried over from the old portal.
"""

import datetime as dt
import logging
import threading
import time
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Count, Sum
from django.utils import timezone

ONLINE_WINDOW = dt.timedelta(minutes=5)
logger = logging.getLogger("stats")


def local_day(now):
    return timezone.localtime(now).date()


def week_start(day):
    return day - dt.timedelta(days=day.weekday())


def start_total():
    return int(getattr(settings, "STATS_START_TOTAL", 0) or 0)


class VisitStore:
    name = "base"

    def record(self, visitor, now, page_id=None):
        raise NotImplementedError

    def counts(self, now):
        """{"online", "today", "week", "total"}"""
        raise NotImplementedError

    def daily_visits(self, first_day, last_day):
        """{day: visits} for the days in [first_day, last_day]."""
        raise NotImplementedError

    def top_articles(self, first_day, last_day, limit=10):
        """[(page_id, views)] most read first."""
        raise NotImplementedError

    def prune(self, before_day):
        """Drop per-visitor detail older than ``before_day``; daily totals are kept."""
        return 0


class DatabaseStore(VisitStore):
    """Counts derived from unique rows: exact under concurrent writers on SQLite and PostgreSQL."""

    name = "database"
    RETRIES = 5

    def record(self, visitor, now, page_id=None):
        from .models import ArticleView, VisitorDay, VisitorSeen

        day = local_day(now)
        for attempt in range(self.RETRIES):
            try:
                with transaction.atomic():
                    if not VisitorSeen.objects.filter(visitor=visitor).update(last_seen=now):
                        try:
                            with transaction.atomic():
                                VisitorSeen.objects.create(visitor=visitor, last_seen=now)
                        except IntegrityError:  # another request created it first
                            VisitorSeen.objects.filter(visitor=visitor).update(last_seen=now)
                    VisitorDay.objects.bulk_create([VisitorDay(day=day, visitor=visitor)], ignore_conflicts=True)
                    if page_id:
                        ArticleView.objects.bulk_create(
                            [ArticleView(day=day, page_id=page_id, visitor=visitor)], ignore_conflicts=True
                        )
                return
            except OperationalError:  # "database is locked" under a burst: wait and try again
                if attempt == self.RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))

    def counts(self, now):
        from .models import DailyTotal, VisitorDay, VisitorSeen

        today = local_day(now)
        online = VisitorSeen.objects.filter(last_seen__gte=now - ONLINE_WINDOW).count()
        today_count = VisitorDay.objects.filter(day=today).count()
        week = VisitorDay.objects.filter(day__range=(week_start(today), today)).values("visitor").distinct().count()
        detail = VisitorDay.objects.count()
        rolled_up = DailyTotal.objects.aggregate(total=Sum("visits"))["total"] or 0
        return {"online": online, "today": today_count, "week": week, "total": start_total() + rolled_up + detail}

    def daily_visits(self, first_day, last_day):
        from .models import DailyTotal, VisitorDay

        visits = {
            row["day"]: row["n"]
            for row in VisitorDay.objects.filter(day__range=(first_day, last_day)).values("day").annotate(n=Count("id"))
        }
        for row in DailyTotal.objects.filter(day__range=(first_day, last_day)):
            visits[row.day] = visits.get(row.day, 0) + row.visits
        return visits

    def top_articles(self, first_day, last_day, limit=10):
        from .models import ArticleView, DailyArticleViews

        views = {}
        for row in (
            ArticleView.objects.filter(day__range=(first_day, last_day)).values("page_id").annotate(n=Count("id"))
        ):
            views[row["page_id"]] = row["n"]
        for row in DailyArticleViews.objects.filter(day__range=(first_day, last_day)):
            views[row.page_id] = views.get(row.page_id, 0) + row.views
        return sorted(views.items(), key=lambda item: (-item[1], -item[0]))[:limit]

    def prune(self, before_day):
        from .models import ArticleView, DailyArticleViews, DailyTotal, VisitorDay, VisitorSeen

        with transaction.atomic():
            for row in VisitorDay.objects.filter(day__lt=before_day).values("day").annotate(n=Count("id")):
                total, _ = DailyTotal.objects.get_or_create(day=row["day"])
                DailyTotal.objects.filter(pk=total.pk).update(visits=total.visits + row["n"])
            for row in ArticleView.objects.filter(day__lt=before_day).values("day", "page_id").annotate(n=Count("id")):
                item, _ = DailyArticleViews.objects.get_or_create(day=row["day"], page_id=row["page_id"])
                DailyArticleViews.objects.filter(pk=item.pk).update(views=item.views + row["n"])
            removed = VisitorDay.objects.filter(day__lt=before_day).delete()[0]
            ArticleView.objects.filter(day__lt=before_day).delete()
            cutoff = timezone.make_aware(dt.datetime.combine(before_day, dt.time.min))
            VisitorSeen.objects.filter(last_seen__lt=cutoff).delete()
        return removed


RECORD_SCRIPT = """
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  redis.call('INCR', KEYS[4])
  redis.call('HINCRBY', KEYS[5], ARGV[4], 1)
  redis.call('EXPIRE', KEYS[2], ARGV[6])
end
if redis.call('SADD', KEYS[3], ARGV[1]) == 1 then redis.call('EXPIRE', KEYS[3], ARGV[7]) end
if ARGV[5] ~= '' then
  if redis.call('SADD', KEYS[6], ARGV[1]) == 1 then
    redis.call('HINCRBY', KEYS[7], ARGV[5], 1)
    redis.call('EXPIRE', KEYS[6], ARGV[6])
  end
end
return 1
"""


class RedisStore(VisitStore):
    """One atomic Lua script per hit; keys expire, daily totals and views are kept small and forever.

    Redis may blink: no method raises then. A hit that cannot be written is
    dropped and counted in a warning (logged at most every ``LOST_LOG_EVERY``
    seconds); ``counts`` answers the last figures this process read, marked
    ``"stale": true``, or ``None`` for each number if it has read none (the
    widget then keeps its placeholders); the report and *Đọc nhiều* get no rows.
    """

    name = "redis"
    DETAIL_TTL = 40 * 24 * 3600
    LOST_LOG_EVERY = 30.0

    def __init__(self, url, prefix="thidua:stats:"):
        import redis

        from core.redis_outage import FAST_FAIL_OPTIONS, outage_for

        self.redis = redis.Redis.from_url(url, **FAST_FAIL_OPTIONS)
        self.prefix = prefix
        self.script = self.redis.register_script(RECORD_SCRIPT)
        self.outage = outage_for(url)
        self.last_counts = None
        self._lost = 0
        self._lost_logged_at = -float("inf")
        self._lost_lock = threading.Lock()

    def _attempt(self, operation, fallback, *args):
        from core.redis_outage import UNAVAILABLE

        if self.outage.is_down():
            return fallback()
        try:
            return operation(*args)
        except UNAVAILABLE as exc:
            self.outage.failed(exc, f"stats {operation.__name__}")
            return fallback()

    def _hit_lost(self, page_id):
        now = time.monotonic()
        with self._lost_lock:
            self._lost += 1
            if now - self._lost_logged_at < self.LOST_LOG_EVERY:
                return
            lost, self._lost, self._lost_logged_at = self._lost, 0, now
        logger.warning("Redis statistics unavailable: %d visit(s) not counted (latest page id %s)", lost, page_id)

    def record(self, visitor, now, page_id=None):
        self._attempt(self._record, lambda: self._hit_lost(page_id), visitor, now, page_id)

    def counts(self, now):
        counts = self._attempt(self._counts, lambda: None, now)
        if counts is not None:
            self.last_counts = counts
            return counts
        if self.last_counts is not None:
            return {**self.last_counts, "stale": True}
        return {"online": None, "today": None, "week": None, "total": None, "stale": True}

    def daily_visits(self, first_day, last_day):
        return self._attempt(self._daily_visits, dict, first_day, last_day)

    def top_articles(self, first_day, last_day, limit=10):
        return self._attempt(self._top_articles, list, first_day, last_day, limit)

    def key(self, *parts):
        return self.prefix + ":".join(str(part) for part in parts)

    def _record(self, visitor, now, page_id=None):
        day = local_day(now)
        iso = day.isocalendar()
        keys = [
            self.key("online"),
            self.key("day", day.isoformat()),
            self.key("week", f"{iso.year}-W{iso.week:02d}"),
            self.key("total"),
            self.key("daily"),
            self.key("read", day.isoformat(), page_id or 0),
            self.key("views", day.isoformat()),
        ]
        self.script(
            keys=keys,
            args=[visitor, now.timestamp(), 0, day.isoformat(), page_id or "", self.DETAIL_TTL, 15 * 24 * 3600],
        )

    def _counts(self, now):
        day = local_day(now)
        iso = day.isocalendar()
        cutoff = (now - ONLINE_WINDOW).timestamp()
        pipe = self.redis.pipeline()
        pipe.zremrangebyscore(self.key("online"), "-inf", f"({cutoff}")
        pipe.zcard(self.key("online"))
        pipe.scard(self.key("day", day.isoformat()))
        pipe.scard(self.key("week", f"{iso.year}-W{iso.week:02d}"))
        pipe.get(self.key("total"))
        _, online, today, week, total = pipe.execute()
        return {"online": online, "today": today, "week": week, "total": start_total() + int(total or 0)}

    def _daily_visits(self, first_day, last_day):
        raw = self.redis.hgetall(self.key("daily"))
        visits = {dt.date.fromisoformat(day.decode()): int(n) for day, n in raw.items()}
        return {day: n for day, n in visits.items() if first_day <= day <= last_day}

    def _top_articles(self, first_day, last_day, limit=10):
        views = {}
        day = first_day
        while day <= last_day:
            for page, n in self.redis.hgetall(self.key("views", day.isoformat())).items():
                views[int(page)] = views.get(int(page), 0) + int(n)
            day += dt.timedelta(days=1)
        return sorted(views.items(), key=lambda item: (-item[1], -item[0]))[:limit]

    def flush(self):
        """Delete every key of this store (tests and benchmarks)."""
        for key in self.redis.scan_iter(match=self.prefix + "*", count=1000):
            self.redis.delete(key)


@lru_cache(maxsize=1)
def get_store():
    """Redis when STATS_REDIS_URL or REDIS_URL is set, unless STATS_STORE says "database"."""
    url = getattr(settings, "STATS_REDIS_URL", "") or getattr(settings, "REDIS_URL", "")
    if url and getattr(settings, "STATS_STORE", "") != "database":
        return RedisStore(url, prefix=getattr(settings, "STATS_REDIS_PREFIX", "thidua:stats:"))
    return DatabaseStore()
