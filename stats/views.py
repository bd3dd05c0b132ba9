"""The beacon and the numbers. Pages themselves never write: a tiny script posts here."""

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from core.client_ip import client_ip

from .beacon import process_hit
from .stores import get_store
from .visitors import COOKIE_AGE, COOKIE_NAME

COUNTS_CACHE_KEY = "stats:counts"
COUNTS_TTL = 5


@csrf_exempt  # counts only, sets no state beyond its own cookie; cross-site Origin refused
@require_POST
def hit(request):
    """The beacon through Django (dev server, tests); production WSGI serves it via BeaconFastPath."""
    result = process_hit(
        request.get_host(),
        request.headers.get("Origin"),
        request.headers.get("Sec-Fetch-Site"),
        request.headers.get("User-Agent", ""),
        request.COOKIES.get(COOKIE_NAME),
        request.POST.get("page") or request.GET.get("page"),
        client_ip(request),
    )
    if result.message:
        response = JsonResponse({"error": result.message}, status=result.status)
    else:
        response = HttpResponse(status=result.status)
    response["Cache-Control"] = "no-store"
    if result.new_cookie:
        response.set_cookie(
            COOKIE_NAME,
            result.new_cookie,
            max_age=COOKIE_AGE,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
    return response


@require_GET
@cache_control(max_age=COUNTS_TTL, public=True)
def counts(request):
    data = cache.get(COUNTS_CACHE_KEY)
    if data is None:
        data = get_store().counts(timezone.now())
        cache.set(COUNTS_CACHE_KEY, data, COUNTS_TTL)
    return JsonResponse(data)
