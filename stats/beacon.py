"""One implementation of the beacon rules, used by the Django view and the WSGI fast path.

Only a live, public article gets an article view. Any other ``page`` id (unknown,
a draft, a section page, an article behind a login or a password) still counts
the visit, without an article view: the beacon is sent by a page the visitor was
actually served, so the person is a visitor either way (staff reading an
internal story are on the site), but *Đọc nhiều* shows titles and links to
everyone and must never be fed an article only some may read. A forged id thus
changes nothing a forged beacon without a page would not already change.
A malformed ``page`` (not ASCII digits, out of range) is refused with 400.

A new visitor exists only when the server mints a cookie (``stats.visitors``: made-up
cookies are not accepted), and one address may have at most
``STATS_NEW_VISITORS_PER_IP`` minted per window. Above it the hit is answered 204
like any other but counts nothing and sets no cookie: a client that mints thousands
of visitors adds at most that cap, while every visitor who already has a cookie
keeps being counted exactly.
"""

import json
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.utils import timezone
from django_ratelimit.core import get_usage

from core.client_ip import client_ip
from core.memo import VersionedMemo
from core.params import INT32_MAX, BadParameter, parse_int

from .stores import get_store
from .visitors import COOKIE_AGE, COOKIE_NAME, is_crawler, is_issued, new_cookie_value, visitor_key

NEW_VISITOR_GROUP = "stats-new-visitor"


@dataclass
class BeaconResult:
    status: int
    new_cookie: str | None = None
    message: str = ""


# page id -> readable, per process and content version (core.memo). Every page load sends a
# beacon, so asking the database each time capped the beacon at one query per hit (about 90
# hits/s through nginx on this machine). Readability only changes with publish, unpublish,
# move, delete or a view restriction, which all start a new content version (news.cache).
_readable = VersionedMemo(size=10_000)


def readable_article(page_id):
    """Whether ``page_id`` is a live article every reader may open."""
    return _readable.get_or_set(page_id, lambda: _ask_database(page_id))


def _ask_database(page_id):
    from core.visibility import public
    from news.models import ArticlePage

    return public(ArticlePage.objects.live()).filter(pk=page_id).exists()


def is_cross_site(host, origin, fetch_site):
    """A browser names the page's origin; anything not this site is refused."""
    if fetch_site == "cross-site" or origin == "null":
        return True
    if not origin:
        return False
    parts = urlsplit(origin)
    return parts.netloc != host or parts.scheme not in ("http", "https")


class _Address:
    """What django-ratelimit needs from a request when only the address is known (WSGI fast path)."""

    def __init__(self, address):
        self.address = address


def _address_key(group, request):
    return request.address


def may_mint_visitor(address):
    """Count one more minted visitor for ``address``; False once over ``STATS_NEW_VISITORS_PER_IP``.

    The counter lives in the "ratelimit" cache (Redis in production, shared by every
    worker); if that store is unreachable the cap is not applied (RATELIMIT_FAIL_OPEN).
    """
    rate = getattr(settings, "STATS_NEW_VISITORS_PER_IP", "")
    if not rate or not address:
        return True
    usage = get_usage(
        _Address(address),
        group=NEW_VISITOR_GROUP,
        key=_address_key,
        rate=rate,
        increment=True,
    )
    return usage is None or not usage["should_limit"]


def process_hit(host, origin, fetch_site, user_agent, cookie_value, page, address=None):
    if is_cross_site(host, origin, fetch_site):
        return BeaconResult(403)
    if is_crawler(user_agent or ""):
        return BeaconResult(204)
    try:
        page_id = parse_int(page, "page", low=1, high=INT32_MAX)
    except BadParameter as error:
        return BeaconResult(400, message=error.message)
    if page_id is not None and not readable_article(page_id):
        page_id = None  # the visit counts, the article view does not (see the module's docstring)
    new_cookie = None
    if not is_issued(cookie_value):
        if not may_mint_visitor(address):
            return BeaconResult(204)  # acknowledged, not counted, no cookie (see the module's docstring)
        cookie_value = new_cookie = new_cookie_value()
    get_store().record(visitor_key(cookie_value), timezone.now(), page_id)
    return BeaconResult(204, new_cookie)


def cookie_header(value, secure):
    return f"{COOKIE_NAME}={value}; Max-Age={COOKIE_AGE}; Path=/; HttpOnly; SameSite=Lax" + (
        "; Secure" if secure else ""
    )


class _Environ:
    """The WSGI environ is what Django exposes as ``request.META`` (core.client_ip reads that)."""

    def __init__(self, environ):
        self.META = environ


class BeaconFastPath:
    """WSGI wrapper answering POST /api/stats/hit/ without Django's request machinery.

    Every page load sends one beacon, so this path dominates the portal's traffic;
    the rules are the same function the Django view calls.
    """

    PATH = "/api/stats/hit/"

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != self.PATH or environ.get("REQUEST_METHOD") != "POST":
            return self.application(environ, start_response)
        from django.conf import settings
        from django.db import close_old_connections
        from django.http.request import split_domain_port, validate_host

        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        if not validate_host(split_domain_port(host)[0], settings.ALLOWED_HOSTS):
            start_response("400 Bad Request", [("Content-Length", "0")])
            return [b""]
        cookies = SimpleCookie()
        try:
            cookies.load(environ.get("HTTP_COOKIE", ""))
        except Exception:  # noqa: BLE001 - a malformed Cookie header just means no cookie
            cookies = SimpleCookie()
        try:
            length = parse_int(environ.get("CONTENT_LENGTH"), "Content-Length", default=0, low=0)
        except BadParameter as error:
            return self.answer(start_response, BeaconResult(400, message=error.message), environ)
        body = environ["wsgi.input"].read(min(length, 1024)) if length > 0 else b""
        form = parse_qs(body.decode("latin-1"))
        query = parse_qs(environ.get("QUERY_STRING", ""))
        close_old_connections()
        try:
            result = process_hit(
                host,
                environ.get("HTTP_ORIGIN"),
                environ.get("HTTP_SEC_FETCH_SITE"),
                environ.get("HTTP_USER_AGENT", ""),
                cookies[COOKIE_NAME].value if COOKIE_NAME in cookies else None,
                (form.get("page") or query.get("page") or [""])[0],
                client_ip(_Environ(environ)),
            )
        finally:
            close_old_connections()
        return self.answer(start_response, result, environ)

    STATUS_LINES = {204: "204 No Content", 400: "400 Bad Request", 403: "403 Forbidden"}

    def answer(self, start_response, result, environ):
        body = b""
        headers = [("Cache-Control", "no-store")]
        if result.message:
            body = json.dumps({"error": result.message}, ensure_ascii=False).encode()
            headers.append(("Content-Type", "application/json"))
        headers.append(("Content-Length", str(len(body))))
        if result.new_cookie:
            secure = environ.get("wsgi.url_scheme") == "https" or environ.get("HTTP_X_FORWARDED_PROTO") == "https"
            headers.append(("Set-Cookie", cookie_header(result.new_cookie, secure)))
        start_response(self.STATUS_LINES[result.status], headers)
        return [body]
