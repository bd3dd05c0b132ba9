"""Public search: the HTML page and the JSON API share one request parser and engine."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from news.breadcrumbs import Crumb, home_crumb

from .engines import get_engine
from .engines.base import InvalidSearch, parse_request
from .text import clean_query

SUGGEST_LIMIT = 8


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


@require_GET
@cache_control(max_age=30, public=True)
def search_api(request):
    try:
        search_request = parse_request(request.GET, strict=True)
    except InvalidSearch as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(_results_json(get_engine().search(search_request)))


@require_GET
@cache_control(max_age=60, public=True)
def suggest_api(request):
    text, _ = clean_query(request.GET.get("q", ""), max_chars=100)
    suggestions = get_engine().suggest(text, limit=SUGGEST_LIMIT) if len(text) >= 2 else []
    return JsonResponse({"query": text, "suggestions": suggestions})


@require_GET
def search_page(request):
    search_request = parse_request(request.GET, strict=False)
    results = get_engine().search(search_request) if search_request.words else None
    return render(
        request,
        "search/search.html",
        {
            "search_request": search_request,
            "results": results,
            "query": search_request.text,
            "breadcrumb_trail": [home_crumb(), Crumb("Tìm kiếm")],
        },
    )
