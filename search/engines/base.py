"""What every search engine takes and gives back, and how requests are validated."""

import math
from dataclasses import dataclass, field

from ..text import clean_query

PER_PAGE = 10
MAX_PAGE = 1000
SORTS = ("relevance", "newest")


class InvalidSearch(ValueError):
    """A request that cannot be understood; the message is for the reader, in Vietnamese."""


@dataclass
class SearchRequest:
    text: str
    words: list
    page: int = 1
    per_page: int = PER_PAGE
    campaign: str | None = None
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

    def number(name, default, low, high):
        raw = (params.get(name) or "").strip()
        if not raw:
            return default
        if not raw.isdigit() or not low <= int(raw) <= high:
            if strict:
                raise InvalidSearch(f"Tham số “{name}” không hợp lệ: cần số nguyên từ {low} đến {high}.")
            return default
        return int(raw)

    page = number("page", 1, 1, MAX_PAGE)
    year = number("year", None, 1900, 2999)
    sort = (params.get("sort") or "relevance").strip()
    if sort not in SORTS:
        if strict:
            raise InvalidSearch("Tham số “sort” chỉ nhận “relevance” hoặc “newest”.")
        sort = "relevance"
    campaign = clean_query(params.get("campaign", ""), max_chars=100)[0] or None
    tag = clean_query(params.get("tag", ""), max_chars=100)[0] or None
    return SearchRequest(text=text, words=words, page=page, campaign=campaign, year=year, tag=tag, sort=sort)


class SearchEngine:
    name = "base"

    def search(self, request: SearchRequest) -> SearchResults:
        raise NotImplementedError

    def suggest(self, text, limit=8):
        raise NotImplementedError

    def documents_changed(self, saved_ids, removed_ids):
        """Called after documents were written or dropped in this process."""

    def rebuild(self, progress=None):
        raise NotImplementedError

    def reset(self):
        """Forget any in-process state (tests, after a rebuild)."""
