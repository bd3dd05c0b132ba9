"""Finding commendations: one function for the honour-roll pages and the JSON API, so they never disagree.

Ranking follows the site search's rules (``search``) on a table small enough for SQL:
every query word must be found, folded, in the recipient's name or unit; then a word found in the
name counts above one found only in the unit, the reader's own spelling (diacritics as typed) above a
folded look-alike, a word found whole above a prefix, and the highest award and latest year break ties.
Everything is ``LIKE`` on the padded word columns of ``honours.text``, identical on SQLite and PostgreSQL.
"""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce

from .models import Commendation, Kind
from .text import query_words

# Weights per query word: name before unit, own spelling before folded, whole word before prefix.
NAME_EXACT, NAME_FOLDED, NAME_PREFIX = 40, 20, 8
UNIT_EXACT, UNIT_FOLDED, UNIT_PREFIX = 4, 2, 1


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
            if not year.isdigit() or not 1945 <= int(year) <= 2100:
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
                if not value.isdigit():
                    label = "Hình thức khen thưởng" if name == "award" else "Đơn vị"
                    raise BadFilter(f"{label} không hợp lệ: cần mã số trong danh sách.")
                setattr(filters, name, int(value))
        filters.campaign = (data.get("campaign") or "").strip()[:255]
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
        queryset = queryset.filter(campaign__slug=filters.campaign)
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


def facets(filters, base=None, limit=30):
    """Counts by award, year and unit over the results (text query and the other filters applied)."""
    queryset, _ = matching(filters, base)
    queryset = queryset.order_by()

    def count(*fields):
        return list(queryset.values(*fields).annotate(n=Count("pk")).order_by("-n", *fields)[:limit])

    return {
        "award": [
            {"id": row["award_id"], "name": row["award__name"], "count": row["n"]}
            for row in count("award_id", "award__name")
        ],
        "year": sorted(
            ({"year": row["year"], "count": row["n"]} for row in count("year")), key=lambda row: -row["year"]
        ),
        "unit": [
            {"id": row["unit_id"], "name": row["unit__name"], "count": row["n"]}
            for row in count("unit_id", "unit__name")
            if row["unit_id"] is not None
        ],
    }
