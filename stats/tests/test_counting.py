"""The four numbers, on each store, at the edges of the Vietnamese calendar."""

import datetime as dt

UTC = dt.UTC


def at(*args):
    return dt.datetime(*args, tzinfo=UTC)


def test_distinct_visitors_today_week_and_visits_in_total(store):
    now = at(2024, 5, 15, 3, 0)  # Wednesday 10:00 in Hà Nội
    for visitor in ("a", "b", "c"):
        store.record(visitor, now)
        store.record(visitor, now + dt.timedelta(minutes=1))  # twice: still one visitor
    assert store.counts(now + dt.timedelta(minutes=2)) == {"online": 3, "today": 3, "week": 3, "total": 3}


def test_day_turns_at_vietnam_midnight_not_utc(store):
    before = at(2024, 5, 14, 16, 59)  # 23:59 Tuesday in Hà Nội
    after = at(2024, 5, 14, 17, 1)  # 00:01 Wednesday
    store.record("a", before)
    store.record("a", after)
    counts = store.counts(after)
    assert counts["today"] == 1 and counts["week"] == 1
    assert counts["total"] == 2  # a visitor who returns the next day counts again


def test_week_starts_monday_in_vietnam(store):
    sunday_night = at(2024, 5, 19, 16, 30)  # 23:30 Sunday in Hà Nội
    monday = at(2024, 5, 19, 17, 30)  # 00:30 Monday
    store.record("a", sunday_night)
    store.record("b", monday)
    counts = store.counts(monday)
    assert (counts["today"], counts["week"], counts["total"]) == (1, 1, 2)
    assert store.counts(sunday_night)["week"] == 1


def test_online_means_seen_in_the_last_five_minutes(store):
    now = at(2024, 5, 15, 3, 0)
    store.record("early", now - dt.timedelta(minutes=6))
    store.record("recent", now - dt.timedelta(minutes=4))
    assert store.counts(now)["online"] == 1


def test_starting_total_is_added(store, settings):
    settings.STATS_START_TOTAL = 1_250_000
    now = at(2024, 5, 15, 3, 0)
    store.record("a", now)
    assert store.counts(now)["total"] == 1_250_001


def test_article_views_count_once_per_visitor_per_day(store):
    day1, day2 = at(2024, 5, 14, 3), at(2024, 5, 15, 3)
    for visitor in ("a", "b"):
        store.record(visitor, day1, page_id=10)
        store.record(visitor, day1, page_id=10)
    store.record("a", day2, page_id=10)
    store.record("a", day2, page_id=11)
    first, last = dt.date(2024, 5, 14), dt.date(2024, 5, 15)
    assert store.top_articles(first, last) == [(10, 3), (11, 1)]
    assert store.daily_visits(first, last) == {first: 2, last: 1}


def test_pruning_keeps_daily_totals_and_the_total(db):
    from stats.models import VisitorDay
    from stats.stores import DatabaseStore

    store = DatabaseStore()
    old, recent = at(2024, 3, 1, 3), at(2024, 5, 15, 3)
    for visitor in ("a", "b", "c"):
        store.record(visitor, old, page_id=7)
    store.record("a", recent, page_id=7)
    before = store.counts(recent)["total"]
    assert store.prune(dt.date(2024, 4, 1)) == 3
    assert VisitorDay.objects.count() == 1
    assert store.counts(recent)["total"] == before == 4
    assert store.daily_visits(dt.date(2024, 3, 1), dt.date(2024, 3, 1)) == {dt.date(2024, 3, 1): 3}
    assert store.top_articles(dt.date(2024, 3, 1), dt.date(2024, 5, 15)) == [(7, 4)]
