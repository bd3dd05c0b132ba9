"""Finding commendations: one function for the honour-roll pages and the JSON API, so they never disagree.

Ranking follows the site search's rules (``search``) on a table small enough for SQL:
every query word must be found, folded, in the recipient's name or unit; then a word found in the
name counts above one found only in the unit, the reader's own spelling (diacritics as typed) above a
folded look-alike, a word found whole above a prefix, and the highest award and latest year break ties.
Everything is ``LIKE`` on the padded word columns of ``honours.text``, identical on SQLite and PostgreSQL.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce

from news.cache import cached_by_content
from news.models import CampaignPage

from .models import Commendation, Kind
from .text import query_words

# Weights per query word: name before unit, own spelling before folded, whole word before prefix.
NAME_EXACT, NAME_FOLDED, NAME_PREFIX = 40, 20, 8
UNIT_EXACT, UNIT_FOLDED, UNIT_PREFIX = 4, 2, 1


NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII digits only ("²".isdigit() is true), bounded for SQLite's integers
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,255}")


def visible_campaign_ids():
    """Campaigns a reader may see (live, no view restriction on them or above), per content version."""
    return cached_by_content(
        "honours-visible-campaigns", lambda: set(CampaignPage.objects.live().public().values_list("pk", flat=True))
    )


def shown(rows):
    """What readers may read of each row: a draft or restricted campaign and an unpublished unit are not named.

    Only the loaded objects are changed (nothing is saved): the record keeps its links for the admin.
    """
    visible = visible_campaign_ids()
    for row in rows:
        if row.campaign_id is not None and row.campaign_id not in visible:
            row.campaign = None
        if row.unit_id is not None and not row.unit.live:
            row.unit = None
    return rows


class BadFilter(ValueError):
    """A malformed filter value; the message is shown to the reader (Vietnamese)."""


@dataclass
class Filters:
    q: str = ""
    award: str = ""  # AwardForm pk
    year: int | None = None
    campaign: str = ""  # CampaignPage slug
    unit: int | None = None  # Organisation pk
    kind: str = ""
    decision: int | None = None

    @classmethod
    def from_query(cls, data):
        """Read and check the reader's parameters; raises ``BadFilter`` with a Vietnamese reason."""
        filters = cls(q=(data.get("q") or "").strip()[:200])
        year = (data.get("year") or "").strip()
        if year:
            if not NUMBER.fullmatch(year) or not 1945 <= int(year) <= 2100:
                raise BadFilter("Năm không hợp lệ: hãy nhập năm có bốn chữ số, ví dụ 2021.")
            filters.year = int(year)
        kind = (data.get("kind") or "").strip()
        if kind:
            if kind not in Kind.values:
                raise BadFilter("Đối tượng không hợp lệ: chỉ nhận “ca-nhan” (cá nhân) hoặc “tap-the” (tập thể).")
            filters.kind = kind
        for name in ("award", "unit"):
            value = (data.get(name) or "").strip()
            if value:
                if not NUMBER.fullmatch(value):
                    label = "Hình thức khen thưởng" if name == "award" else "Đơn vị"
                    raise BadFilter(f"{label} không hợp lệ: cần mã số trong danh sách.")
                setattr(filters, name, int(value))
        campaign = (data.get("campaign") or "").strip()
        if campaign and not SLUG.fullmatch(campaign):
            raise BadFilter("Phong trào không hợp lệ: cần đường dẫn của phong trào, ví dụ chuyen-doi-so.")
        filters.campaign = campaign
        return filters

    def as_query(self):
        pairs = [
            ("q", self.q),
            ("award", self.award),
            ("year", self.year),
            ("campaign", self.campaign),
            ("unit", self.unit),
            ("kind", self.kind),
        ]
        return {key: value for key, value in pairs if value not in ("", None)}


def filtered(filters, base=None):
    """Commendations matching every filter but the text query (facets count over this)."""
    queryset = base if base is not None else Commendation.objects.all()
    if filters.award:
        queryset = queryset.filter(award_id=filters.award)
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    if filters.campaign:
        queryset = queryset.filter(campaign__slug=filters.campaign, campaign_id__in=visible_campaign_ids())
    if filters.unit:
        queryset = queryset.filter(unit_id=filters.unit)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.decision:
        queryset = queryset.filter(decision_id=filters.decision)
    return queryset


def _word_weight(field, word, whole, prefix):
    return Case(
        When(**{f"{field}__contains": f" {word} "}, then=Value(whole)),
        When(**{f"{field}__contains": f" {word}"}, then=Value(prefix)),
        default=Value(0),
        output_field=IntegerField(),
    )


def matching(filters, base=None):
    """(queryset ordered by relevance or by award and year, whether a text query applied)."""
    queryset = filtered(filters, base)
    words = query_words(filters.q)
    if not words:
        return queryset.order_by("award__rank", "-year", "name", "pk"), False
    score = Value(0, output_field=IntegerField())
    for word, folded in words:
        # Every word must be there, folded, at the start of a word of the name or of the unit.
        queryset = queryset.filter(Q(name_folded__contains=f" {folded}") | Q(unit_folded__contains=f" {folded}"))
        score = (
            score
            + _word_weight("name_words", word, NAME_EXACT, NAME_PREFIX)
            + _word_weight("name_folded", folded, NAME_FOLDED, NAME_PREFIX)
            + _word_weight("unit_words", word, UNIT_EXACT, UNIT_PREFIX)
            + _word_weight("unit_folded", folded, UNIT_FOLDED, UNIT_PREFIX)
        )
    queryset = queryset.annotate(score=Coalesce(score, 0))
    return queryset.order_by("-score", "award__rank", "-year", "name", "pk"), True


def _facet_lists(award_counts, year_counts, unit_counts, limit):
    """The three facets from counters keyed (id, name) / year / (id, name): most frequent first, ties by id."""

    def top(counter):
        return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]

    return {
        "award": [{"id": key[0], "name": key[1], "count": n} for key, n in top(award_counts)],
        "year": sorted(({"year": key, "count": n} for key, n in top(year_counts)), key=lambda row: -row["year"]),
        "unit": [{"id": key[0], "name": key[1], "count": n} for key, n in top(unit_counts) if key[0] is not None],
    }


def facets(filters, base=None, limit=30):
    """Counts by award, year and unit over the results (text query and the other filters applied)."""
    queryset, _ = matching(filters, base)
    queryset = queryset.order_by()

    def counter(*fields):
        rows = queryset.values(*fields).annotate(n=Count("pk")).order_by()
        return Counter({tuple(row[f] for f in fields) if len(fields) > 1 else row[fields[0]]: row["n"] for row in rows})

    units = queryset.filter(unit__live=True).values("unit_id", "unit__name").annotate(n=Count("pk")).order_by()
    unit_counts = Counter({(row["unit_id"], row["unit__name"]): row["n"] for row in units})
    return _facet_lists(counter("award_id", "award__name"), counter("year"), unit_counts, limit)


@dataclass
class Results:
    page: object  # a Django ``Page`` of commendations (award, decision, unit, campaign loaded)
    pages: int
    count: int
    facets: dict
    ranked: bool


def _key(filters):
    return hashlib.sha1(repr(sorted(filters.as_query().items())).encode()).hexdigest()[:20]


def _page(count, number, per_page):
    paginator = Paginator(range(count), per_page)
    pages = max(1, paginator.num_pages)
    if number > pages:
        raise BadFilter(f"Trang {number} không tồn tại: kết quả chỉ có {pages} trang.")
    return paginator.page(number), pages


def search(filters, number=1, per_page=30, limit=30):
    """One page of results with their count and facets, in as few passes over the table as the request allows.

    With a text query every pass is a scan of the word columns, so the matches are read once (id, score and
    the facet fields) and counted, faceted and ordered here; only the page's rows are then loaded. Without
    one, the count and facets of a filter set change only with the data: they are kept per content version.
    """
    rows = Commendation.objects.select_related("award", "decision", "unit", "campaign")
    if query_words(filters.q):
        queryset, _ = matching(filters)
        hits = list(
            queryset.values_list(
                "pk",
                "score",
                "award__rank",
                "year",
                "name",
                "award_id",
                "award__name",
                "unit_id",
                "unit__name",
                "unit__live",
            )
        )
        hits.sort(key=lambda hit: (-hit[1], hit[2], -hit[3], hit[4], hit[0]))
        page, pages = _page(len(hits), number, per_page)
        facets_ = _facet_lists(
            Counter((hit[5], hit[6]) for hit in hits),
            Counter(hit[3] for hit in hits),
            Counter((hit[7], hit[8]) for hit in hits if hit[9]),  # unpublished units are not named
            limit,
        )
        ids = [hit[0] for hit in hits[page.start_index() - 1 : page.end_index()]]
        loaded = rows.in_bulk(ids)
        page.object_list = shown([loaded[pk] for pk in ids])
        return Results(page, pages, len(hits), facets_, True)
    key = _key(filters)
    count = cached_by_content(f"honours-count-{key}", lambda: filtered(filters).count())
    facets_ = cached_by_content(f"honours-facets-{key}", lambda: facets(filters, limit=limit))
    page, pages = _page(count, number, per_page)
    ordered, _ = matching(filters, rows)
    page.object_list = shown(list(ordered[page.start_index() - 1 : page.end_index()])) if count else []
    return Results(page, pages, count, facets_, False)
