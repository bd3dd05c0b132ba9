"""Who is visiting: a random first-party cookie, never an IP address; crawlers left out.

The cookie is minted by the server and signed (a random token plus a keyed HMAC of
it): a value the server did not issue is treated as no cookie, so a script cannot
invent visitors by sending made-up cookies; it has to ask the beacon to mint them,
and minting is limited per address (``stats.beacon``).
"""

import base64
import hashlib
import hmac
import re
import secrets

from django.conf import settings

COOKIE_NAME = "tdv"
COOKIE_AGE = 2 * 365 * 24 * 3600
COOKIE_VALUE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
CRAWLERS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|bingpreview|facebookexternalhit|facebot|zalo(?:bot|crawler)|coccoc|"
    r"headlesschrome|phantomjs|python-requests|python-urllib|httpx|aiohttp|curl/|wget/|go-http-client|"
    r"java/|okhttp|libwww|scrapy|ahrefs|semrush|mj12|dotbot|petalbot|yandex|baiduspider|sogou|bytespider|"
    r"gptbot|claudebot|ccbot|applebot|duckduck|ia_archiver|lighthouse|pingdom|uptimerobot|monitor",
    re.IGNORECASE,
)


def is_crawler(user_agent):
    return not user_agent or CRAWLERS.search(user_agent) is not None


TOKEN_LENGTH = 24  # secrets.token_urlsafe(18)
SIGNATURE_LENGTH = 16


def _signature(token, secret):
    digest = hmac.new(secret.encode(), b"thidua.stats.visitor:" + token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:SIGNATURE_LENGTH]


def new_cookie_value(secret=None):
    """A fresh signed visitor id (``secret`` defaults to SECRET_KEY; load tests pass the server's)."""
    token = secrets.token_urlsafe(18)
    return token + _signature(token, secret or settings.SECRET_KEY)


def is_issued(cookie_value):
    """Whether this cookie value was minted by this site (and not merely shaped like one)."""
    if not cookie_value or len(cookie_value) != TOKEN_LENGTH + SIGNATURE_LENGTH:
        return False
    if not COOKIE_VALUE.match(cookie_value):
        return False
    token, signature = cookie_value[:TOKEN_LENGTH], cookie_value[TOKEN_LENGTH:]
    return hmac.compare_digest(signature, _signature(token, settings.SECRET_KEY))


def visitor_key(cookie_value):
    """What the stores keep: a keyed hash of the cookie, so stored data cannot be replayed as a cookie."""
    digest = hmac.new(settings.SECRET_KEY.encode(), cookie_value.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]
