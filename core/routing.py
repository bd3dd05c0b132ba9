"""Wagtail's routing, remembered: a URL already served is not walked down the tree again.

For every page request Wagtail reads the ``Site`` for the host name (one query), the site's
root page and its specific row (two), then one child per URL segment (one or two each): on an
article (/phong-trao/<campaign>/<article>/) six of the page's nine queries, and more than half
of its time when nothing is cached (``python -m benchmarks.profile_page``). What they find
changes only with content, so ``RouteMemoMiddleware`` remembers, per process and content
version (``core.memo``):

- the ``Site`` for a (host, port): its column values, a fresh instance per request;
- the sites' root paths, which Wagtail otherwise reads from the shared cache for every request
  that prints a page URL;
- for a URL Wagtail has served: the specific class and id of the page its route ended at,
  that page's ``url_path`` and how many URL segments it accounts for.

On a later request for the URL, one primary-key read checks the page's row: still live and
still at that ``url_path`` (a move, a slug change or an unpublish anywhere above it changes or
fails that, even one written by a script that sends no signal), otherwise Wagtail routes as
usual. The page itself is loaded once per process and content version and each request gets its
own copy of it (building the page query was a quarter of a warm home page's time); its fields
are then as fresh as every cached fragment of it. The page's own
``route()`` takes the rest of the URL (sub-pages of a ``RoutablePageMixin``: ``ban-in/``,
``chu-de/<tag>/``), as it would at the end of Wagtail's walk. The answers reach Wagtail through
the per-request attributes it documents as its caches (``Site.find_for_request``:
``request._wagtail_site``; ``Page.route_for_request``: ``request._wagtail_route_for_request``),
so view restrictions, the ``before_serve_page``/``on_serve_page`` hooks and ``serve()`` run
exactly as before: only the lookup is shortened.
"""

import copy

from django.db import DEFAULT_DB_ALIAS, connection
from django.http import Http404
from django.http.request import split_domain_port
from wagtail.models import Page, Site

from .memo import VersionedMemo

SERVE_URL_NAME = "wagtail_serve"
SITE_FIELDS = tuple(field.attname for field in Site._meta.concrete_fields)

_sites = VersionedMemo(size=1_000)
_routes = VersionedMemo(size=50_000)
_root_paths = VersionedMemo(size=1)
_pages = VersionedMemo(size=2_000)


def site_for_request(request):
    """``Site._find_for_request`` (Wagtail's rules), answered from memory when this host was seen."""
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    values = _sites.get(key)
    if values is not None:
        return Site.from_db(DEFAULT_DB_ALIAS, SITE_FIELDS, values)
    site = Site._find_for_request(request)
    if site is not None:
        _sites.set(key, tuple(getattr(site, name) for name in SITE_FIELDS))
    return site


def segments(path):
    return [component for component in path.split("/") if component]


def still_answers(pk, url_path):
    """Whether page ``pk`` is live at ``url_path`` now: a primary-key read, no ORM query to build."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT live, url_path FROM {Page._meta.db_table} WHERE id = %s", [pk])
        row = cursor.fetchone()
    return row is not None and bool(row[0]) and row[1] == url_path


def remembered_route(request, entry, path):
    """The route ``entry`` points at, if its page still answers this URL; else None."""
    model, pk, url_path, consumed = entry
    if not still_answers(pk, url_path):
        return None
    kept = _pages.get(pk)
    if kept is None:
        kept = model._default_manager.filter(pk=pk).first()
        if kept is None or not kept.live or kept.url_path != url_path:
            return None
        _pages.set(pk, kept)
    # The kept instance is never used itself: each request works on its own copy, so nothing a
    # request sets on its page (cached properties, the request's root paths) reaches another.
    page = copy.copy(kept)
    # ``page.url`` without a request keeps the root paths on the page itself: give it this request's.
    page._wagtail_cached_site_root_paths = request._wagtail_cached_site_root_paths
    try:
        return page.route(request, segments(path)[consumed:])
    except Http404:
        return None


def route_entry(site, path, result):
    """What to remember of Wagtail's answer for ``path``, or None when it cannot be replayed."""
    page = result[0]
    root_path = site.root_page.url_path  # loaded by Wagtail's walk, no query
    if not page.url_path.startswith(root_path):
        return None
    own = segments(page.url_path[len(root_path) :])
    if segments(path)[: len(own)] != own:
        return None
    return (type(page), page.pk, page.url_path, len(own))


class RouteMemoMiddleware:
    """Give Wagtail the request's site and, for a URL seen before, its route (module docstring).

    Last in ``MIDDLEWARE``: pages served whole from the page cache never get here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = site_for_request(request)
        # Every page URL a template prints asks for the sites' root paths (Wagtail keeps them in
        # the shared cache: a Redis round trip per request); Wagtail reads them from the request
        # first. Site saves and page publishes start a new version.
        if not hasattr(request, "_wagtail_cached_site_root_paths"):
            request._wagtail_cached_site_root_paths = _root_paths.get_or_set("all", Site.get_site_root_paths)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        site = request._wagtail_site
        if match is None or match.url_name != SERVE_URL_NAME or site is None:
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        key = (site.pk, path)
        entry = _routes.get(key)
        if entry is not None:
            result = remembered_route(request, entry, path)
            if result is not None:
                request._wagtail_route_for_request = result
                return None
            _routes.discard(key)
        # Wagtail's own walk, here rather than in its view (which reads the answer from the request),
        # so the page can be kept before anything of this request touches it.
        result = Page.route_for_request(request, path)
        entry = route_entry(site, path, result) if result is not None else None
        if entry is not None:
            kept = copy.copy(result[0])
            kept.__dict__.pop("_cached_parent_obj", None)  # as loaded by id: no parent held
            _routes.set(key, entry)
            _pages.set(entry[1], kept)
        return None
