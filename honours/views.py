"""The honour roll for readers: the list with search and filters, a page per unit, per decision and per
campaign (with its timeline), and the JSON API. All read through ``honours.queries``.

Pages are the same for every anonymous reader, so ``core.pagecache`` keeps them; ``honours.signals``
starts new copies when a record changes. Malformed filters answer 400 with a Vietnamese message.
"""

from urllib.parse import urlencode

from django.db.models import Count, Prefetch, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from news.breadcrumbs import Crumb, home_crumb
from news.cache import cached_by_content
from news.models import ArticlePage, CampaignPage, EmulationBloc, Organisation

from .models import AwardForm, Commendation, Decision, Kind, TimelineEvent
from .purging import unit_path
from .queries import NUMBER, BadFilter, Filters, search, shown
from .text import word_column

PER_PAGE = 30
API_PER_PAGE = 20
UNIT_ROWS = 200
ROLL_TITLE = "Bảng vàng khen thưởng"


def roll_crumb():
    return Crumb(ROLL_TITLE, reverse("honours:roll"))


def page_number(raw):
    raw = (raw or "1").strip()
    if not NUMBER.fullmatch(raw) or int(raw) < 1 or int(raw) > 100_000:
        raise BadFilter("Số trang không hợp lệ: cần một số nguyên dương, ví dụ page=2.")
    return int(raw)


def known_years():
    return list(Commendation.objects.order_by("-year").values_list("year", flat=True).distinct())


def bad_request(request, message):
    return render(request, "400.html", {"message": message}, status=400)


def _roll_context(request, filters):
    results = search(filters, page_number(request.GET.get("page")), PER_PAGE)
    return {
        "filters": filters,
        "query": filters.as_query(),
        "ranked": results.ranked,
        "page": results.page,
        "pages": results.pages,
        "count": results.count,
        "facets": results.facets,
        "awards": AwardForm.objects.all(),
        "campaigns": CampaignPage.objects.live().public().order_by("-start_date").only("title", "slug"),
        "kinds": Kind.choices,
        "years": cached_by_content(
            "honours-years",
            lambda: list(Commendation.objects.order_by("-year").values_list("year", flat=True).distinct()),
        ),
        "querystring": urlencode(filters.as_query()),
    }


@require_GET
def honour_roll(request):
    try:
        filters = Filters.from_query(request.GET)
        context = _roll_context(request, filters)
    except BadFilter as error:
        return bad_request(request, str(error))
    context.update(
        title=ROLL_TITLE,
        breadcrumb_trail=[home_crumb(), Crumb(ROLL_TITLE)],
        decisions=Decision.objects.annotate(n=Count("commendations")).filter(n__gt=0)[:8],
    )
    return render(request, "honours/roll.html", context)


@require_GET
def campaign_roll(request, slug):
    campaign = get_object_or_404(CampaignPage.objects.live().public(), slug=slug)
    try:
        filters = Filters.from_query(request.GET)
        filters.campaign = campaign.slug
        context = _roll_context(request, filters)
    except BadFilter as error:
        return bad_request(request, str(error))
    events = (
        TimelineEvent.objects.filter(campaign=campaign)
        .select_related("decision")
        .prefetch_related(Prefetch("article", queryset=ArticlePage.objects.live().public().only("title", "url_path")))
    )
    context.update(
        title=f"Khen thưởng — {campaign.title}",
        campaign=campaign,
        events=events,
        breadcrumb_trail=[home_crumb(), roll_crumb(), Crumb(campaign.title)],
    )
    return render(request, "honours/campaign_roll.html", context)


@require_GET
def unit_page(request, slug, pk):
    unit = get_object_or_404(Organisation.objects.live(), pk=pk)
    canonical = unit_path(unit)
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    # The unit's own awards (a collective named like it) and those of its people and sub-units. A large
    # unit has tens of thousands: every year is counted, the newest UNIT_ROWS are listed, the roll pages the rest.
    awards = Commendation.objects.filter(Q(unit=unit) | Q(kind=Kind.COLLECTIVE, name_words=word_column(unit.name)))
    per_year = dict(awards.values_list("year").annotate(n=Count("pk")).order_by())
    rows = list(
        awards.select_related("award", "decision", "campaign", "unit").order_by("-year", "award__rank", "name")[
            :UNIT_ROWS
        ]
    )
    listed = {}
    for row in shown(rows):
        listed.setdefault(row.year, []).append(row)
    blocs = EmulationBloc.objects.live().filter(members__organisation=unit).distinct()
    article_ids = Commendation.articles.through.objects.filter(commendation__in=awards.values("pk")).values(
        "articlepage_id"
    )
    stories = ArticlePage.objects.live().public().filter(pk__in=article_ids).order_by("-published_at")[:10]
    return render(
        request,
        "honours/unit.html",
        {
            "title": f"Khen thưởng — {unit.name}",
            "unit": unit,
            "by_year": [(year, per_year[year], listed[year]) for year in sorted(listed, reverse=True)],
            "years": sorted(per_year.items(), reverse=True),
            "count": sum(per_year.values()),
            "listed": len(rows),
            "blocs": blocs,
            "stories": stories,
            "breadcrumb_trail": [home_crumb(), roll_crumb(), Crumb(unit.name)],
        },
    )


@require_GET
def decision_page(request, slug):
    decision = get_object_or_404(Decision.objects.select_related("document"), slug=slug)
    recipients = decision.commendations.select_related("award", "unit", "campaign").order_by(
        "award__rank", "kind", "name"
    )
    article_ids = set(decision.articles.values_list("pk", flat=True))
    article_ids |= set(
        Commendation.articles.through.objects.filter(commendation__decision=decision).values_list(
            "articlepage_id", flat=True
        )
    )
    stories = ArticlePage.objects.live().public().filter(pk__in=article_ids).order_by("-published_at")[:20]
    return render(
        request,
        "honours/decision.html",
        {
            "title": str(decision),
            "decision": decision,
            "recipients": shown(list(recipients)),
            "stories": stories,
            "breadcrumb_trail": [home_crumb(), roll_crumb(), Crumb(f"Quyết định {decision.number}")],
        },
    )


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def commendation_json(row, request):
    return {
        "name": row.name,
        "kind": row.kind,
        "unit": row.unit.name if row.unit_id else None,
        "position": row.position,
        "award": row.award.name,
        "decision": {
            "number": row.decision.number,
            "date": row.decision.date.isoformat(),
            "issuer": row.decision.issuer,
        },
        "campaign": row.campaign.title if row.campaign_id else None,
        "year": row.year,
        "url": request.build_absolute_uri(row.decision.get_absolute_url()),
    }


@require_GET
def api(request):
    """``GET /api/khen-thuong/?q=&award=&year=&campaign=&unit=&kind=&page=`` (README, "Bảng vàng")."""
    try:
        filters = Filters.from_query(request.GET)
        number = page_number(request.GET.get("page"))
        results = search(filters, number, API_PER_PAGE)
    except BadFilter as error:
        return _json({"error": str(error)}, status=400)
    response = _json(
        {
            "count": results.count,
            "page": number,
            "pages": results.pages,
            "results": [commendation_json(row, request) for row in results.page.object_list],
            "facets": results.facets,
        }
    )
    patch_cache_control(response, max_age=60, public=True)
    return response
