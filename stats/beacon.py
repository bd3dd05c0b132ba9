"""One implementation of the beacon rules, used by the Django view and the WSGI fast path."""

from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone

from .stores import get_store
from .visitors import COOKIE_AGE, COOKIE_NAME, COOKIE_VALUE, is_crawler, new_cookie_value, visitor_key


@dataclass
class BeaconResult:
    status: int
    new_cookie: str | None = None


def is_cross_site(host, origin, fetch_site):
    """A browser names the page's origin; anything not this site is refused."""
    if fetch_site == "cross-site" or origin == "null":
        return True
    if not origin:
        return False
    parts = urlsplit(origin)
    return parts.netloc != host or parts.scheme not in ("http", "https")


def process_hit(host, origin, fetch_site, user_agent, cookie_value, page):
    if is_cross_site(host, origin, fetch_site):
        return BeaconResult(403)
    if is_crawler(user_agent or ""):
        return BeaconResult(204)
    new_cookie = None
    if not cookie_value or not COOKIE_VALUE.match(cookie_value):
        cookie_value = new_cookie = new_cookie_value()
    page = (page or "").strip()
    page_id = int(page) if page.isdigit() and len(page) < 10 else None
    get_store().record(visitor_key(cookie_value), timezone.now(), page_id)
    return BeaconResult(204, new_cookie)


def cookie_header(value, secure):
    return f"{COOKIE_NAME}={value}; Max-Age={COOKIE_AGE}; Path=/; HttpOnly; SameSite=Lax" + (
        "; Secure" if secure else ""
    )


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
        length = int(environ.get("CONTENT_LENGTH") or 0)
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
            )
        finally:
            close_old_connections()
        headers = [("Content-Length", "0"), ("Cache-Control", "no-store")]
        if result.new_cookie:
            secure = environ.get("wsgi.url_scheme") == "https" or environ.get("HTTP_X_FORWARDED_PROTO") == "https"
            headers.append(("Set-Cookie", cookie_header(result.new_cookie, secure)))
        start_response({204: "204 No Content", 403: "403 Forbidden"}[result.status], headers)
        return [b""]
