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

from django.db.models import Exists, OuterRef
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
