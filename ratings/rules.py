"""Who may rate, and how a rating is stored."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django_ratelimit.core import is_ratelimited

from core.memo import VersionedMemo

from .models import Rating

RATERS_GROUP = "Truyền thông"


def may_rate(user):
    return bool(user and user.is_authenticated and user.is_active) and (
        user.is_superuser or user.groups.filter(name=RATERS_GROUP).exists()
    )


# page id -> (average, count), per process and content version (core.memo): every article view
# prints them, and every rating starts a new content version (views.show_new_average).
_averages = VersionedMemo(size=20_000)


def _average(page_id):
    data = Rating.objects.filter(page_id=page_id).aggregate(average=Avg("score"), count=Count("id"))
    return (round(float(data["average"]), 2) if data["average"] is not None else None, data["count"])


def summary(page_id, user=None):
    average, count = _averages.get_or_set(page_id, lambda: _average(page_id))
    mine = None
    if user is not None and user.is_authenticated:
        mine = Rating.objects.filter(page_id=page_id, user=user).values_list("score", flat=True).first()
    return {"average": average, "count": count, "your_score": mine}


def within_rate_limit(request):
    """At most RATINGS_PER_MINUTE submissions a minute per person, counted for every process.

    django-ratelimit adds then increments a counter in the "ratelimit" cache: Redis
    in production (atomic INCR), database rows otherwise (core.cache_backends).
    """
    return not is_ratelimited(
        request, group="ratings", key="user", rate=f"{settings.RATINGS_PER_MINUTE}/m", method="POST", increment=True
    )


def save_rating(page_id, user, score):
    """Create or change this person's rating; a race between two submissions keeps one row."""
    for _ in range(3):
        try:
            with transaction.atomic():
                updated = Rating.objects.filter(page_id=page_id, user=user).update(score=score)
                if not updated:
                    Rating.objects.create(page_id=page_id, user=user, score=score)
            return
        except IntegrityError:
            continue
    raise IntegrityError("could not save the rating")
