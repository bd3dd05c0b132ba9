"""The beacon and the numbers. Pages themselves never write: a tiny script posts here."""

from urllib.parse import urlsplit

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .stores import get_store
from .visitors import COOKIE_AGE, COOKIE_NAME, is_crawler, new_cookie_value, read_cookie, visitor_key

COUNTS_CACHE_KEY = "stats:counts"
COUNTS_TTL = 5


def _cross_site(request):
    """A browser names the page's origin; anything not this site is refused."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return origin == "null"
    parts = urlsplit(origin)
    return parts.netloc != request.get_host() or parts.scheme not in ("http", "https")


@csrf_exempt  # counts only, sets no state beyond its own cookie; cross-site Origin refused below
@require_POST
def hit(request):
    if _cross_site(request):
        return HttpResponse(status=403)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    if is_crawler(request.headers.get("User-Agent", "")):
        return response
    cookie = read_cookie(request)
    if cookie is None:
        cookie = new_cookie_value()
        response.set_cookie(
            COOKIE_NAME, cookie, max_age=COOKIE_AGE, samesite="Lax", httponly=True, secure=request.is_secure()
        )
    page = (request.POST.get("page") or request.GET.get("page") or "").strip()
    page_id = int(page) if page.isdigit() and len(page) < 10 else None
    get_store().record(visitor_key(cookie), timezone.now(), page_id)
    return response


@require_GET
@cache_control(max_age=COUNTS_TTL, public=True)
def counts(request):
    data = cache.get(COUNTS_CACHE_KEY)
    if data is None:
        data = get_store().counts(timezone.now())
        cache.set(COUNTS_CACHE_KEY, data, COUNTS_TTL)
    return JsonResponse(data)
