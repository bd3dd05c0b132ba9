"""Who may see a page, decided by the database in the query that lists it.

Wagtail's ``PageQuerySet.public()`` reads every view restriction first and
builds a Python ``Q`` from them: one more query per call, and the list it read
is only as fresh as that moment. Caching that list per process made it stale in
the other workers (a restriction added through one gunicorn worker left the
article in the others' listings, feeds and sitemap). Here the restriction
check is a correlated ``NOT EXISTS`` inside the same SQL statement: no extra
query, nothing cached, so every process answers from the same rows.

A page is restricted when a ``PageViewRestriction`` sits on it or on any
ancestor. Wagtail's tree paths are fixed-width prefixes, so "an ancestor (or
the page itself)" is "a page whose path is the start of this page's path".
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def restricted(path_field="path"):
    """``Exists`` true for pages under any view restriction (login, password, groups).

    ``path_field`` names the tree path of the page being tested, relative to the
    queryset it filters (``"path"`` for pages, ``"page__path"`` through a relation).
    """
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef(path_field), 1, Length("page__path")),
        )
    )


def public(queryset, path_field="path"):
    """``queryset`` without pages anyone would have to log in (or type a password) to read."""
    return queryset.filter(~restricted(path_field))


def may_view(page, request):
    """Whether this request may read ``page`` (Wagtail's own rules, evaluated now).

    For per-request answers (the ratings API): a logged-in reader passes a login
    restriction, a password typed in this session passes a password one.
    """
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


class ViewRestrictionsInOneQueryMixin:
    """Wagtail's ``get_view_restrictions()`` (the page's and its ancestors' restrictions, an alias
    using its source page's) in one query instead of two: every page served asks it.

    Wagtail reads the ancestors' ``alias_of`` first, then the restrictions on those ids. The
    ancestors' tree paths are prefixes of the page's own path, so both steps fit in one
    statement: restrictions on the pages at those paths that are not aliases, and on the source
    pages of those that are.
    """

    def get_view_restrictions(self):
        if not self.path or self.alias_of_id:
            return super().get_view_restrictions()
        from wagtail.models import Page

        steplen = self.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        aliases = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of_id")
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page_id__in=aliases)
        )
