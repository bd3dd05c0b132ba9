"""Who is visiting: a random first-party cookie, never an IP address; crawlers left out."""

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


def new_cookie_value():
    return secrets.token_urlsafe(18)


def visitor_key(cookie_value):
    """What the stores keep: a keyed hash of the cookie, so stored data cannot be replayed as a cookie."""
    digest = hmac.new(settings.SECRET_KEY.encode(), cookie_value.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]
