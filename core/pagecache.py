"""The page cache for anonymous readers, application side: headers for nginx and browsers,
and the Django tier (Django's cache framework) for what nginx does not hold.

Every public page is the same for every anonymous reader (statistics, ratings and the
login state come from small endpoints), so one copy serves them all. Three audiences:

- nginx (deployed) caches a response for ``X-Accel-Expires`` seconds, a header only nginx
  reads (and strips). It is sent only on anonymous GET/HEAD answers that set no cookie and
  never touched the CSRF token; publishing purges nginx's copies (``core.frontend_cache``),
  so the lifetime only bounds what exact purging cannot reach.
- browsers get ``max-age=0, must-revalidate`` with an ETag: a reader who reloads after a
  publish must see it at once, so no HTML is kept by a browser without asking; the ETag
  turns an unchanged page into a bodyless 304.
- the Django tier (``PAGE_CACHE_SECONDS``; 0 turns it off) keeps anonymous 200 answers in
  Django's cache (Redis in production, per-process memory in ``make run``) under a key that
  carries the content version (``PAGE_CACHE_VERSION``, ``news.cache.content_version``):
  a publish, unpublish, move, delete or privacy change starts new keys at once in every
  worker, within the version's one-second memo. It is the only page cache of the embedded
  set-up, and behind nginx it holds what nginx does not: URLs with a query string (``?trang=2``).

Anything personal says ``Cache-Control: private, no-store`` (and ``X-Accel-Expires: 0``):
answers to a request carrying a session cookie, answers that set a cookie or used the
CSRF token. Answers with their own ``Cache-Control`` (the APIs, the login page, Wagtail's
restricted pages, which Wagtail marks ``never_cache``) keep it and get no ``X-Accel-Expires``.

Built on Django's cache machinery (``get_cache_key``/``learn_cache_key``, keys that follow
the response's ``Vary``) rather than Django's ``CacheMiddleware`` itself, because that one
would give browsers the server's lifetime as ``max-age``, store answers that set cookies on
requests that had some, and key every reader's copy by their cookies.
"""

import re
from copy import copy
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.cache import (
    cc_delim_re,
    get_cache_key,
    get_conditional_response,
    learn_cache_key,
    patch_cache_control,
    set_response_etag,
)
from django.utils.module_loading import import_string

PROXY_HEADER = "X-Accel-Expires"
# Status codes nginx may keep. 301/404 only briefly: a redirect or a page created later is
# not a publish of the URL that answered, so nothing may purge it.
PROXY_STATUSES = {200, 301, 404}
SHORT_PROXY_SECONDS = 60
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,4}")


def page_cache_seconds():
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def proxy_seconds(status):
    seconds = int(getattr(settings, "PAGE_CACHE_PROXY_SECONDS", 300) or 0)
    return seconds if status == 200 else min(seconds, SHORT_PROXY_SECONDS)


def excluded(path):
    """Paths never cached anywhere: the admin, documents (private collections), APIs, captchas."""
    return any(path.startswith(prefix) for prefix in getattr(settings, "PAGE_CACHE_EXCLUDED_PATHS", ()))


def key_query(request):
    """The query string the Django tier keys on, or None when the answer may not be stored.

    Page numbers (``trang``, the sitemap's ``p``) are the only parameters pages read;
    tracking tags added by social networks (``fbclid``, ``utm_*``, Zalo's ``zarsrc``) change
    nothing and are left out of the key, so a shared link still hits. Anything else is
    rendered each time: an unbounded set of query strings must not fill the cache.
    """
    kept = []
    for name, value in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True):
        if name in settings.PAGE_CACHE_IGNORED_PARAMS or name.startswith("utm_"):
            continue
        if name not in settings.PAGE_CACHE_QUERY_PARAMS or not PAGE_NUMBER.fullmatch(value):
            return None
        kept.append((name, value))
    if len({name for name, _ in kept}) != len(kept):
        return None
    return urlencode(sorted(kept))


def keyed_request(request, query):
    """The request as the cache key sees it: the same URL with only ``query`` (Django builds
    keys from ``build_absolute_uri``, which reads the query string from ``META``)."""
    shadow = copy(request)
    shadow.META = {**request.META, "QUERY_STRING": query}
    return shadow


def behind_proxy():
    """nginx holds every argument-less page (FRONTEND_CACHE_URL names it): the Django tier then keeps
    only what nginx passes through (URLs with a query string), instead of a second copy of every
    article a crawler walks past, in Redis, for PAGE_CACHE_SECONDS."""
    return bool(getattr(settings, "FRONTEND_CACHE_URL", ""))


def key_prefix():
    """Content version and the Vietnamese date: campaign status and the menu change at midnight."""
    version_function = getattr(settings, "PAGE_CACHE_VERSION", "")
    version = import_string(version_function)() if version_function else 0
    return f"page:v{version}:{timezone.localdate().isoformat()}"


def has_session_cookie(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def drop_vary_cookie(response):
    """A shared answer must not be kept per cookie (the visitor cookie would split it per reader)."""
    if response.has_header("Vary"):
        kept = [field for field in cc_delim_re.split(response["Vary"]) if field and field.lower() != "cookie"]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]


class PageCacheMiddleware:
    """Serve and store anonymous pages; give every answer its caching headers (see module doc).

    Placed after WhiteNoise and before the session middleware: it decides from the cookie
    alone whether a request is anonymous (no query), and sees the final headers (cookies set
    by the session and CSRF middleware) when it classifies an answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = page_cache_seconds()
        anonymous = not has_session_cookie(request)
        readable = request.method in ("GET", "HEAD") and anonymous and not excluded(request.path)
        query = key_query(request) if readable else None
        cache = caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]
        prefix = None
        if seconds and query is not None and (request.META.get("QUERY_STRING") or not behind_proxy()):
            prefix = key_prefix()
            key = get_cache_key(keyed_request(request, query), prefix, "GET", cache=cache)
            response = cache.get(key) if key else None
            if response is not None:
                return self.revalidated(request, response)
        response = self.get_response(request)
        if self.personal(request, response, anonymous):
            patch_cache_control(response, private=True, no_store=True)
            response[PROXY_HEADER] = "0"
            return response
        if not readable or response.has_header("Cache-Control") or response.streaming:
            return response
        if response.status_code not in PROXY_STATUSES:
            return response
        drop_vary_cookie(response)
        if not request.GET:  # nginx keeps only argument-less URLs: the header would mislead otherwise
            # Before Cache-Control: nginx 1.22 reads upstream headers in order, and a max-age=0
            # read first marks the answer uncacheable whatever X-Accel-Expires says after it.
            response[PROXY_HEADER] = str(proxy_seconds(response.status_code))
        patch_cache_control(response, max_age=0, must_revalidate=True)
        if response.status_code != 200:
            return response
        set_response_etag(response)
        if prefix is not None and request.method == "GET":
            key = learn_cache_key(keyed_request(request, query), response, seconds, prefix, cache=cache)
            cache.set(key, response, seconds)
        return self.revalidated(request, response)

    @staticmethod
    def personal(request, response, anonymous):
        """An answer for this reader only: logged in (session cookie), or it set a cookie or used CSRF."""
        return not anonymous or bool(response.cookies) or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))

    @staticmethod
    def revalidated(request, response):
        """A 304 when the browser already holds this version (its ETag)."""
        if request.method != "GET" or not response.has_header("ETag"):
            return response
        return get_conditional_response(request, etag=response["ETag"], response=response)
