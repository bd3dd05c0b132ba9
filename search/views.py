"""Public search: the HTML page and the JSON API share one request parser and engine."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET

from news.breadcrumbs import Crumb, home_crumb

from .engines import get_engine
from .engines.base import InvalidSearch, SearchUnavailable, parse_request
from .text import clean_query

SUGGEST_LIMIT = 8
UNAVAILABLE = "Tìm kiếm đang tạm gián đoạn. Xin thử lại sau ít phút."
RETRY_AFTER = "30"


def _results_json(results):
    return {
        "query": results.request.text,
        "count": results.count,
        "page": results.request.page,
        "pages": results.pages,
        "results": [
            {
                "title": hit.title,
                "url": hit.url,
                "snippet": hit.snippet,
                "published_at": timezone.localtime(hit.published_at).isoformat() if hit.published_at else None,
                "campaign": hit.campaign,
            }
            for hit in results.hits
        ],
        "facets": results.facets,
    }


def _cached(seconds):
    """Answers may be cached by the browser and proxies, but an outage (503) never is."""

    def decorator(view):
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code >= 500:
                add_never_cache_headers(response)
            else:
                patch_cache_control(response, max_age=seconds, public=True)
                if response.status_code == 200:
                    # nginx keeps the same answer for the same query string as long (it reads only
                    # this header; a reader with a session is never served from it).
                    response["X-Accel-Expires"] = str(seconds)
            return response

        wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
        return wrapper

    return decorator


@require_GET
@_cached(30)
def search_api(request):
    try:
        search_request = parse_request(request.GET, strict=True)
    except InvalidSearch as error:
        return JsonResponse({"error": str(error)}, status=400)
    try:
        results = get_engine().search(search_request)
    except SearchUnavailable:
        return _unavailable_json()
    return JsonResponse(_results_json(results))


def _unavailable_json():
    response = JsonResponse({"error": UNAVAILABLE}, status=503)
    response["Retry-After"] = RETRY_AFTER
    return response


@require_GET
@_cached(60)
def suggest_api(request):
    text, _ = clean_query(request.GET.get("q", ""), max_chars=100)
    try:
        suggestions = get_engine().suggest(text, limit=SUGGEST_LIMIT) if len(text) >= 2 else []
    except SearchUnavailable:
        return _unavailable_json()
    return JsonResponse({"query": text, "suggestions": suggestions})


@require_GET
def search_page(request):
    search_request = parse_request(request.GET, strict=False)
    results, unavailable = None, False
    if search_request.words:
        try:
            results = get_engine().search(search_request)
        except SearchUnavailable:
            unavailable = True
    response = render(
        request,
        "search/search.html",
        {
            "search_request": search_request,
            "results": results,
            "query": search_request.text,
            "unavailable": UNAVAILABLE if unavailable else "",
            "breadcrumb_trail": [home_crumb(), Crumb("Tìm kiếm")],
        },
        status=503 if unavailable else 200,
    )
    if unavailable:
        response["Retry-After"] = RETRY_AFTER
    else:
        # The same results page for everyone asking the same question: nginx may keep it as long
        # as the API's answers (core.pagecache turns this into 0 for a reader with a session).
        response["X-Accel-Expires"] = "30"
    return response
