"""Per-address request limits for the endpoints a script would hammer.

Search (page and API) and its suggestions cost an index query each, every
``/captcha/refresh/`` creates a database row, and login POSTs are password guesses
(django-axes locks one username from one address after failures; this limit also
stops one address from trying many usernames). Counters live in the "ratelimit"
cache that django-ratelimit already uses for ratings: Redis in production (one
``INCR``, shared by every worker), database counters otherwise. The address is the
client's as the trusted proxies report it (``core.client_ip``).

Over the limit: 429, a Vietnamese message (JSON for the APIs, a small page
otherwise, rendered without the database), ``Retry-After`` and ``no-store`` so no
cache keeps the refusal. If the counter store is unreachable the limit is not
applied (``RATELIMIT_FAIL_OPEN``): a Redis outage must not take search or login down.
Edge limits in nginx come first; these hold when a request gets past them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django_ratelimit.core import get_usage

from .client_ip import client_ip


@dataclass(frozen=True)
class Limit:
    group: str
    paths: tuple
    methods: tuple | None  # None: every method
    json: bool
    message: str


LIMITS = (
    Limit(
        "search",
        ("/tim-kiem/", "/api/search/"),
        None,
        False,
        "Bạn tìm kiếm quá nhiều lần trong thời gian ngắn. Xin chờ một lát rồi thử lại.",
    ),
    Limit(
        "suggest",
        ("/api/search/suggest/",),
        None,
        True,
        "Quá nhiều yêu cầu gợi ý tìm kiếm. Xin chờ một lát rồi thử lại.",
    ),
    Limit(
        "captcha",
        ("/captcha/refresh/",),
        None,
        True,
        "Bạn đã đổi mã xác nhận quá nhiều lần. Xin chờ một lát rồi thử lại.",
    ),
    Limit(
        "login",
        ("/dang-nhap/", "/admin/login/"),
        ("POST",),
        False,
        "Có quá nhiều lần đăng nhập từ địa chỉ của bạn. Xin chờ vài phút rồi thử lại.",
    ),
)
JSON_PATHS = ("/api/",)


def _address_key(group, request):
    return client_ip(request) or ""


def limit_for(request):
    path = request.path_info
    for limit in LIMITS:
        if path in limit.paths and (limit.methods is None or request.method in limit.methods):
            return limit
    return None


def over_limit(request, limit):
    """Count this request; the seconds to wait when it is over the limit, else None."""
    rate = (getattr(settings, "RATE_LIMITS", None) or {}).get(limit.group)
    if not rate:
        return None
    usage = get_usage(request, group=f"site-{limit.group}", key=_address_key, rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, int(usage["time_left"]))


def too_many_requests(request, limit, retry_after):
    if limit.json or request.path_info.startswith(JSON_PATHS):
        response = JsonResponse({"error": limit.message}, status=429, json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(
            render_to_string("429.html", {"message": limit.message}),
            status=429,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = limit_for(request)
        if limit is not None:
            retry_after = over_limit(request, limit)
            if retry_after is not None:
                return too_many_requests(request, limit, retry_after)
        return self.get_response(request)
