"""Breadcrumb trails: Trang chủ › Phong trào thi đua › <phong trào> › <bài viết>.

Page trails come from the page's ancestors (one query); routable sub-pages
(tag, archive) and the search page build theirs by hand.
"""

from dataclasses import dataclass

HOME_TITLE = "Trang chủ"


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str | None = None  # None: the current page


def home_crumb():
    return Crumb(HOME_TITLE, "/")


def page_trail(page, request=None, ancestors=None):
    """Home, every ancestor below it, then ``page`` itself as the current crumb."""
    from .queries import breadcrumb_pages

    trail = [home_crumb()]
    if page.depth <= 2:
        return trail
    if ancestors is None:
        ancestors = breadcrumb_pages(page, request)
    for ancestor in ancestors:
        if ancestor.depth > 2:
            trail.append(Crumb(ancestor.title, ancestor.get_url(request)))
    trail.append(Crumb(page.title))
    return trail


def archive_trail(year=None, month=None):
    from .text import MONTHS

    trail = [home_crumb(), Crumb("Lưu trữ", "/luu-tru/" if year else None)]
    if year:
        trail.append(Crumb(f"Năm {year}", f"/luu-tru/{year}/" if month else None))
    if month:
        trail.append(Crumb(f"{MONTHS[month - 1]}/{year}"))
    return trail
