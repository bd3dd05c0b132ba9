"""Production: everything secret or host-specific comes from the environment.

Refuses to start without SECRET_KEY, with DEBUG on, or without somewhere to send
e-mail and error reports (WAGTAILADMIN_BASE_URL, EMAIL_URL, DEFAULT_FROM_EMAIL,
ADMINS or SENTRY_DSN), and turns on the HTTPS protections a public government
portal needs. A setting that is missing fails the start, not the first e-mail.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from core.mail_config import admins_from_env, email_settings_from_url, production_logging

from .base import *  # noqa: F401,F403
from .base import CONTENT_SECURITY_POLICY, REDIS_URL, SECRET_KEY, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

# DEBUG shows settings, SQL and source code to anyone who triggers an error: never in production,
# whatever the environment says (a leftover DEBUG=1 from a test run must stop the start, not leak).
if env_bool("DEBUG", False):
    raise ImproperlyConfigured(
        "DEBUG is refused in production (it publishes settings and code on every error page): unset DEBUG."
    )
DEBUG = False


def _required(name, example):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production (e.g. {example}).")
    return value


# Links in workflow e-mails ("a page is waiting for your review") point here.
WAGTAILADMIN_BASE_URL = _required("WAGTAILADMIN_BASE_URL", "https://thidua.example.gov.vn").rstrip("/")
# Wagtail's userbar (public pages, signed-in staff) links the admin stylesheet through that address:
# when it is not the public host itself (www. or not, another name), public pages must allow it.
_admin_origin = "{0.scheme}://{0.netloc}".format(urlsplit(WAGTAILADMIN_BASE_URL))
CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"] = [
    *CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"],
    _admin_origin,
]

# --- E-mail and error reports ------------------------------------------------
# EMAIL_URL e.g. smtp://user:pass@mail.example.gov.vn:587 (parsed by dj-email-url; 587 means
# STARTTLS and 465 TLS unless ?tls= / ?ssl= say otherwise, see core.mail_config).
globals().update(email_settings_from_url(_required("EMAIL_URL", "smtp://user:password@mail.example.gov.vn:587")))
DEFAULT_FROM_EMAIL = _required("DEFAULT_FROM_EMAIL", "Thi đua – Khen thưởng <no-reply@thidua.example.gov.vn>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "").strip() or DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = os.environ.get("EMAIL_SUBJECT_PREFIX", "[Thi đua] ")
# "a@x.vn,b@y.vn" or "Tên <a@x.vn>, b@y.vn": who receives the report of every 500.
ADMINS = admins_from_env(os.environ.get("ADMINS", ""))
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
if not ADMINS and not SENTRY_DSN:
    # The 500 page promises "Bộ phận kỹ thuật đã được thông báo": someone must be.
    raise ImproperlyConfigured(
        "Set ADMINS (comma-separated e-mail addresses) and/or SENTRY_DSN in production: "
        "server errors must be reported to someone."
    )

if env_bool("CAPTCHA_TEST_MODE", False):
    raise ImproperlyConfigured("CAPTCHA_TEST_MODE is for automated tests only and is refused in production.")
CAPTCHA_TEST_MODE = False

# Several worker processes (gunicorn -w N, several hosts) must share the cache, the
# rate limits and the statistics: a per-process memory cache would give each worker
# its own truth. Redis is required; when it blinks the site keeps answering
# (core.cache_backends.ResilientRedisCache).
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production (e.g. redis://127.0.0.1:6379/0): "
        "worker processes share the cache, rate limits and statistics through it."
    )

# Production runs behind a reverse proxy (see SECURE_PROXY_SSL_HEADER): one trusted proxy
# unless told otherwise, so lockouts are keyed on the visitor's address, not the proxy's.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_IPWARE_PROXY_COUNT", "1") or 0)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
# Hosts under this one (there are none today) are HTTPS-only as well. "preload" only has an effect
# when the registrable domain itself is submitted to the browsers' list, which is its owner's call.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# No page is framed, not even by this site: Wagtail's preview views set SAMEORIGIN on their own
# answers (xframe_options_sameorigin_override), which is all the admin needs.
X_FRAME_OPTIONS = "DENY"

# Every unhandled error (django.request, 500) goes to the console (the service journal) and by
# e-mail to ADMINS; with SENTRY_DSN it also reaches Sentry (sentry-sdk's logging and Django hooks).
LOGGING = production_logging()

if SENTRY_DSN:
    from core.sentry import init_sentry

    init_sentry(SENTRY_DSN)
