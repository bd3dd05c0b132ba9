"""What every search engine takes and gives back, and how requests are validated."""

import math
from dataclasses import dataclass, field

from core.params import ASCII_INTEGER, INT32_MAX, BadParameter, parse_int

from ..text import clean_query

PER_PAGE = 10
MAX_PAGE = 1000
SORTS = ("relevance", "newest")
NO_SUCH_CAMPAIGN = -2  # an id no campaign has (-1 marks articles without one)


class RebuildRunning(Exception):
    """Two rebuilds at once would each switch the index and delete the other's work."""


class SearchUnavailable(Exception):
    """The engine cannot answer or be written now (a cluster down); the message is Vietnamese."""


class InvalidSearch(BadParameter):
    """A request that cannot be understood; the message is for the reader, in Vietnamese."""

    def __init__(self, message, name=""):
        super().__init__(name, message)


@dataclass
class SearchRequest:
    text: str
    words: list
    page: int = 1
    per_page: int = PER_PAGE
    campaign: str | None = None
    campaign_id: int | None = None
    year: int | None = None
    tag: str | None = None
    sort: str = "relevance"

    @property
    def offset(self):
        return (self.page - 1) * self.per_page


@dataclass
class SearchHit:
    page_id: int
    title: str
    url: str
    snippet: str
    published_at: object
    campaign: str


@dataclass
class SearchResults:
    request: SearchRequest
    count: int
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)

    @property
    def pages(self):
        return max(1, math.ceil(self.count / self.request.per_page)) if self.count else 0


def parse_request(params, strict=True):
    """Build a SearchRequest from query parameters.

    ``strict`` (the JSON API) refuses malformed numbers and sorts with InvalidSearch;
    the HTML page passes ``strict=False`` and falls back to sensible values instead.
    """
    text, words = clean_query(params.get("q", ""))

    def number(name, raw, default, low, high):
        try:
            return parse_int(raw, name, default=default, low=low, high=high)
        except BadParameter as error:
            if strict:
                raise InvalidSearch(error.message, name) from None
            return default

    page = number("page", params.get("page"), 1, 1, MAX_PAGE)
    year = number("year", params.get("year"), None, 1900, 2999)
    sort = (params.get("sort") or "relevance").strip()
    if sort not in SORTS:
        if strict:
            raise InvalidSearch("Tham số “sort” chỉ nhận “relevance” hoặc “newest”.")
        sort = "relevance"
    campaign = clean_query(params.get("campaign", ""), max_chars=100)[0] or None
    # ASCII digits name a campaign by id (bounded like the page table's ids; lenient
    # mode reads an impossible id as "no such campaign"); anything else is a slug.
    campaign_id = None
    if campaign and ASCII_INTEGER.fullmatch(campaign):
        campaign_id = number("campaign", campaign, NO_SUCH_CAMPAIGN, 1, INT32_MAX)
    tag = clean_query(params.get("tag", ""), max_chars=100)[0] or None
    return SearchRequest(
        text=text,
        words=words,
        page=page,
        campaign=campaign,
        campaign_id=campaign_id,
        year=year,
        tag=tag,
        sort=sort,
    )


class SearchEngine:
    """What the site asks of an engine. Documents come from ``SearchDocument``; changes
    arrive through ``search.outbox``, which calls ``apply`` under ``write_lock``."""

    name = "base"
    # Elasticsearch is a network call away: drained in a thread after commit, never in the
    # request. The embedded index is a local write of a few milliseconds.
    drain_in_background = False

    def search(self, request: SearchRequest) -> SearchResults:
        raise NotImplementedError

    def suggest(self, text, limit=8):
        raise NotImplementedError

    def write_lock(self, timeout=10.0):
        from ..locks import exclusive

        return exclusive(f"search-{self.name}", timeout)

    def apply(self, saved_ids, removed_ids):
        """Index the current documents of ``saved_ids`` and drop ``removed_ids``; raise on failure."""
        raise NotImplementedError

    def rebuild(self, progress=None):
        """Index every document into a new index and switch to it; returns the count."""
        raise NotImplementedError

    def reset(self):
        """Forget any in-process state (tests, after a rebuild)."""
